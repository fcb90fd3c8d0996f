//! Entry bundles (`tile/entries/<N>`): entries each prefixed by their length as a big-endian
//! uint16, concatenated.

use crate::entry::MAX_ENTRY_LEN;

/// Why bytes are not a well-formed entry bundle, or entries cannot be bundled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    #[error("bundle entry {position} is {len} bytes; at most 65535 fit the uint16 length prefix")]
    EntryTooLarge { position: usize, len: usize },
    #[error("bundle is truncated at byte {offset}: entry {position} needs {needed} more bytes than remain")]
    Truncated {
        position: usize,
        offset: usize,
        needed: usize,
    },
}

/// Concatenates the entries, each after its big-endian uint16 length.
pub fn encode_bundle<E: AsRef<[u8]>>(entries: &[E]) -> Result<Vec<u8>, BundleError> {
    let total: usize = entries.iter().map(|e| e.as_ref().len() + 2).sum();
    let mut out = Vec::with_capacity(total);
    for (position, entry) in entries.iter().enumerate() {
        let entry = entry.as_ref();
        let len = u16::try_from(entry.len()).map_err(|_| BundleError::EntryTooLarge {
            position,
            len: entry.len(),
        })?;
        debug_assert!(usize::from(len) <= MAX_ENTRY_LEN);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(entry);
    }
    Ok(out)
}

/// Splits a bundle into its entries (borrowed from `data`).
pub fn decode_bundle(data: &[u8]) -> Result<Vec<&[u8]>, BundleError> {
    let mut entries = Vec::new();
    let mut offset = 0;
    while offset < data.len() {
        let position = entries.len();
        let Some(prefix) = data.get(offset..offset + 2) else {
            return Err(BundleError::Truncated {
                position,
                offset,
                needed: offset + 2 - data.len(),
            });
        };
        let len = usize::from(u16::from_be_bytes([prefix[0], prefix[1]]));
        let start = offset + 2;
        let Some(entry) = data.get(start..start + len) else {
            return Err(BundleError::Truncated {
                position,
                offset,
                needed: start + len - data.len(),
            });
        };
        entries.push(entry);
        offset = start + len;
    }
    Ok(entries)
}
