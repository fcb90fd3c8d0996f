//! QR symbols of tag URLs, always in alphanumeric mode, at the smallest version that fits.
//!
//! Alphanumeric mode packs two characters into 11 bits, so an upper-case URL of ~50
//! characters fits version 3 at level M (29 × 29 modules) where byte mode would need
//! version 4 or 5. Callers pass the URL as built by `UrlTemplate` (already upper case).

use crate::data::EcLevel;
use crate::error::LabelError;
use crate::qr_mask::best_masked;
use qrcode::bits::Bits;
use qrcode::canvas::Canvas;
use qrcode::{ec, Version};

/// The modules of one QR symbol, without quiet zone. `true` is dark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
    version: u8,
    ec: EcLevel,
    content: String,
}

impl QrMatrix {
    /// Encodes `content` (QR alphanumeric characters only) at level `ec`, choosing the
    /// smallest version that holds it.
    pub fn encode(content: &str, ec: EcLevel) -> Result<Self, LabelError> {
        if let Some((i, c)) = content
            .chars()
            .enumerate()
            .find(|&(_, c)| !is_alphanumeric(c))
        {
            return Err(LabelError::QrCharacter {
                position: i + 1,
                found: c,
            });
        }
        let level = to_qrcode(ec);
        for v in 1..=40i16 {
            let mut bits = Bits::new(Version::Normal(v));
            if bits.push_alphanumeric_data(content.as_bytes()).is_err()
                || bits.push_terminator(level).is_err()
            {
                continue;
            }
            // What QrCode::with_bits does, with a faster mask choice (see qr_mask).
            let version = Version::Normal(v);
            let (data, ecc) = ec::construct_codewords(&bits.into_bytes(), version, level)
                .map_err(|e| LabelError::Render(format!("QR encoding: {e:?}")))?;
            let mut canvas = Canvas::new(version, level);
            canvas.draw_all_functional_patterns();
            canvas.draw_data(&data, &ecc);
            return Ok(Self {
                width: version.width() as usize,
                dark: best_masked(canvas, version, level),
                version: v as u8,
                ec,
                content: content.to_owned(),
            });
        }
        Err(LabelError::QrTooLong {
            len: content.chars().count(),
            ec: ec.to_string(),
        })
    }

    /// Modules per side (21 for version 1, +4 per version).
    pub fn width(&self) -> usize {
        self.width
    }

    pub fn version(&self) -> u8 {
        self.version
    }

    pub fn ec_level(&self) -> EcLevel {
        self.ec
    }

    /// The text encoded.
    pub fn content(&self) -> &str {
        &self.content
    }

    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// Dark runs of each row as `(row, first column, length)`: one rectangle per run keeps
    /// SVG paths and PDF content streams about three times smaller than one per module.
    pub fn runs(&self) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        (0..self.width).flat_map(move |y| {
            let row = &self.dark[y * self.width..(y + 1) * self.width];
            let mut runs = Vec::new();
            let mut x = 0;
            while x < row.len() {
                if row[x] {
                    let start = x;
                    while x < row.len() && row[x] {
                        x += 1;
                    }
                    runs.push((y, start, x - start));
                } else {
                    x += 1;
                }
            }
            runs
        })
    }
}

/// Version and error-correction level the tag's QR gets for `url` at the default level M.
pub fn qr_info(url: &str) -> Result<(u8, EcLevel), LabelError> {
    let m = QrMatrix::encode(url, EcLevel::M)?;
    Ok((m.version(), m.ec_level()))
}

fn is_alphanumeric(c: char) -> bool {
    c.is_ascii_digit() || c.is_ascii_uppercase() || " $%*+-./:".contains(c)
}

fn to_qrcode(ec: EcLevel) -> qrcode::EcLevel {
    match ec {
        EcLevel::L => qrcode::EcLevel::L,
        EcLevel::M => qrcode::EcLevel::M,
        EcLevel::Q => qrcode::EcLevel::Q,
        EcLevel::H => qrcode::EcLevel::H,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_urls_stay_at_version_four_or_below() {
        let short = "HTTPS://RONGMA.EXAMPLE.CN/C/100000000HH9N45G4A";
        assert_eq!(qr_info(short).unwrap(), (3, EcLevel::M));
        let dl = "HTTPS://RONGMA.EXAMPLE.CN/01/06901234567892/21/100000000HH9N45G4A";
        assert_eq!(qr_info(dl).unwrap(), (4, EcLevel::M));
        let m = QrMatrix::encode(short, EcLevel::M).unwrap();
        assert_eq!(m.width(), 29);
    }

    #[test]
    fn lower_case_is_refused_not_silently_upgraded_to_byte_mode() {
        assert!(matches!(
            qr_info("https://x"),
            Err(LabelError::QrCharacter {
                position: 1,
                found: 'h'
            })
        ));
    }

    #[test]
    fn every_symbol_decodes_whatever_mask_was_chosen() {
        for i in 0..40u64 {
            let url = format!("HTTPS://RONGMA.EXAMPLE.CN/C/1{:017}", i * 7_919_111);
            let m = QrMatrix::encode(&url, EcLevel::M).unwrap();
            // 4 px a module and a 4-module quiet zone.
            let side = (m.width() + 8) * 4;
            let mut img = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
                let (mx, my) = ((x / 4).wrapping_sub(4), (y / 4).wrapping_sub(4));
                if m.is_dark(mx, my) {
                    0
                } else {
                    255
                }
            });
            let grids = img.detect_grids();
            assert_eq!(grids.len(), 1, "{url}");
            assert_eq!(grids[0].decode().unwrap().1, url);
        }
    }

    #[test]
    fn runs_cover_exactly_the_dark_modules() {
        let m = QrMatrix::encode("HTTPS://A.CN/C/1", EcLevel::M).unwrap();
        let from_runs: usize = m.runs().map(|(_, _, n)| n).sum();
        let dark = (0..m.width())
            .flat_map(|y| (0..m.width()).map(move |x| (x, y)))
            .filter(|&(x, y)| m.is_dark(x, y))
            .count();
        assert_eq!(from_runs, dark);
    }
}
