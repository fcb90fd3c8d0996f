//! Consumers' photos are decoded and encoded again before they are kept: what is stored is
//! only the picture (no EXIF — which can carry the phone's location —, no comments, nothing
//! appended after the image), turned the way the camera said, and a file that merely
//! starts like an image is refused. Decoding is bounded in pixels and memory.

use image::{ImageDecoder, ImageFormat, ImageReader};
use std::io::Cursor;

/// Largest side and decoding memory of a photo.
const MAX_SIDE: u32 = 8000;
const MAX_DECODE_BYTES: u64 = 48 << 20;

/// Why a photo was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhotoError {
    /// Not a JPEG, PNG or WebP at all, or one that does not decode.
    NotImage,
    /// Too many pixels to decode within the limits.
    TooBig,
}

/// The photo as stored: the image encoded afresh and its content type (JPEG for JPEG and
/// WebP photos, PNG for PNG ones).
pub fn clean(bytes: &[u8]) -> Result<(Vec<u8>, &'static str), PhotoError> {
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        _ => return Err(PhotoError::NotImage),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| PhotoError::NotImage)?;
    let orientation = decoder.orientation().ok();
    let mut img = image::DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(_) => PhotoError::TooBig,
        _ => PhotoError::NotImage,
    })?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    let mut out = Cursor::new(Vec::new());
    let content_type = if format == ImageFormat::Png {
        img.write_to(&mut out, ImageFormat::Png)
            .map_err(|_| PhotoError::NotImage)?;
        "image/png"
    } else {
        let rgb = image::DynamicImage::ImageRgb8(img.to_rgb8());
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
        rgb.write_with_encoder(encoder)
            .map_err(|_| PhotoError::NotImage)?;
        "image/jpeg"
    };
    Ok((out.into_inner(), content_type))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg_with_exif() -> Vec<u8> {
        let img = image::RgbImage::from_fn(32, 16, |x, _| image::Rgb([x as u8 * 8, 100, 50]));
        let mut plain = Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut plain, ImageFormat::Jpeg)
            .unwrap();
        let plain = plain.into_inner();
        // An APP1 "Exif" segment with a GPS-looking marker, right after SOI.
        let payload = b"Exif\0\0GPSLatitude 30.7N GPSLongitude 121.0E";
        let len = (payload.len() + 2) as u16;
        let mut out = plain[..2].to_vec();
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(payload);
        out.extend_from_slice(&plain[2..]);
        out.extend_from_slice(b"trailing secret after the image");
        out
    }

    #[test]
    fn exif_and_trailing_bytes_are_gone_and_the_picture_stays() {
        let input = jpeg_with_exif();
        assert!(input.windows(11).any(|w| w == b"GPSLatitude"));
        let (out, t) = clean(&input).unwrap();
        assert_eq!(t, "image/jpeg");
        assert!(
            !out.windows(11).any(|w| w == b"GPSLatitude"),
            "EXIF removed"
        );
        assert!(
            !out.windows(6).any(|w| w == b"secret"),
            "trailing data removed"
        );
        let back = image::load_from_memory(&out).unwrap();
        assert_eq!((back.width(), back.height()), (32, 16));
    }

    #[test]
    fn magic_bytes_alone_are_not_an_image() {
        let fake = [vec![0xFF, 0xD8, 0xFF, 0xE0], vec![0u8; 64]].concat();
        assert_eq!(clean(&fake), Err(PhotoError::NotImage));
        assert_eq!(
            clean(b"\x89PNG\r\n\x1a\nnot really"),
            Err(PhotoError::NotImage)
        );
        assert_eq!(clean(b"GIF89a..."), Err(PhotoError::NotImage));
    }

    #[test]
    fn pngs_stay_pngs() {
        let img = image::RgbaImage::from_pixel(4, 4, image::Rgba([1, 2, 3, 128]));
        let mut png = Cursor::new(Vec::new());
        image::DynamicImage::ImageRgba8(img)
            .write_to(&mut png, ImageFormat::Png)
            .unwrap();
        let (out, t) = clean(&png.into_inner()).unwrap();
        assert_eq!(t, "image/png");
        assert_eq!(image::load_from_memory(&out).unwrap().width(), 4);
    }
}
