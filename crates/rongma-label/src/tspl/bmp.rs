//! A one-bit Windows BMP file, the picture format TSPL's `DOWNLOAD` and `PUTBMP` take.

use crate::png::Bitmap;

const FILE_HEADER: usize = 14;
const INFO_HEADER: usize = 40;
const PALETTE: usize = 8;

/// `bitmap` as a BMP file: palette black (0) then white (1), as monochrome BMPs usually
/// are, rows bottom-up and padded to four bytes.
pub(super) fn bmp(bitmap: &Bitmap, dpi: f32) -> Vec<u8> {
    let stride = bitmap.row_bytes.div_ceil(4) * 4;
    let offset = FILE_HEADER + INFO_HEADER + PALETTE;
    let size = offset + stride * bitmap.height;
    let mut out = Vec::with_capacity(size);
    let u32le = |out: &mut Vec<u8>, v: usize| out.extend_from_slice(&(v as u32).to_le_bytes());
    out.extend_from_slice(b"BM");
    u32le(&mut out, size);
    u32le(&mut out, 0);
    u32le(&mut out, offset);
    u32le(&mut out, INFO_HEADER);
    u32le(&mut out, bitmap.width);
    u32le(&mut out, bitmap.height);
    out.extend_from_slice(&1u16.to_le_bytes()); // planes
    out.extend_from_slice(&1u16.to_le_bytes()); // bits per pixel
    u32le(&mut out, 0); // no compression
    u32le(&mut out, stride * bitmap.height);
    let per_metre = (dpi / 0.0254).round() as usize;
    u32le(&mut out, per_metre);
    u32le(&mut out, per_metre);
    u32le(&mut out, 2); // colours in the palette
    u32le(&mut out, 2);
    out.extend_from_slice(&[0, 0, 0, 0, 0xff, 0xff, 0xff, 0]);
    for y in (0..bitmap.height).rev() {
        // The bitmap's 1 is black, the palette's 0 is: invert (padding turns white).
        out.extend(bitmap.row(y).iter().map(|b| !b));
        out.resize(out.len() + stride - bitmap.row_bytes, 0xff);
    }
    out
}
