//! Serials, PINs and QR URLs of hang tags (filled in by the codes work).
