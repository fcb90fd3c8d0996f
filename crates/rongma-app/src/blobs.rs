//! Where uploaded files (original report PDFs, complaint photos) are kept: a blob store
//! addressed by the SHA-256 of the content. The default lives in a directory; an object
//! store can implement the same trait later. Blobs are written before the database
//! transaction that refers to them commits; a failed transaction leaves at worst an
//! unreferenced blob, never a reference to a missing one.

use sha2::{Digest, Sha256};
use std::path::PathBuf;

#[async_trait::async_trait]
pub trait BlobStore: Send + Sync {
    /// Stores `bytes` and returns their key (idempotent: same content, same key).
    async fn put(&self, bytes: &[u8]) -> std::io::Result<String>;
    /// The content of `key`, if present.
    async fn get(&self, key: &str) -> std::io::Result<Option<Vec<u8>>>;
}

/// Blobs as files `<dir>/<first two hex digits>/<sha256>`.
pub struct FsBlobStore {
    dir: PathBuf,
}

impl FsBlobStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    fn path(&self, key: &str) -> Option<PathBuf> {
        // Keys are hex digests; anything else could walk out of the directory.
        (key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| self.dir.join(&key[..2]).join(key))
    }
}

pub fn blob_key(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[async_trait::async_trait]
impl BlobStore for FsBlobStore {
    async fn put(&self, bytes: &[u8]) -> std::io::Result<String> {
        let key = blob_key(bytes);
        let path = self
            .path(&key)
            .ok_or_else(|| std::io::Error::other("bad key"))?;
        if tokio::fs::try_exists(&path).await? {
            return Ok(key);
        }
        if let Some(dir) = path.parent() {
            let dir = dir.to_path_buf();
            tokio::task::spawn_blocking(move || crate::files::private_dir(&dir))
                .await
                .map_err(std::io::Error::other)??;
        }
        // Write aside, sync, then rename: a crash never leaves a half-written blob.
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        {
            use tokio::io::AsyncWriteExt;
            let file = crate::files::private_file()
                .write(true)
                .create(true)
                .truncate(true)
                .open(&tmp)?;
            let mut f = tokio::fs::File::from_std(file);
            f.write_all(bytes).await?;
            f.sync_all().await?;
        }
        tokio::fs::rename(&tmp, &path).await?;
        Ok(key)
    }

    async fn get(&self, key: &str) -> std::io::Result<Option<Vec<u8>>> {
        let Some(path) = self.path(key) else {
            return Ok(None);
        };
        match tokio::fs::read(&path).await {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn content_addressed_and_confined() {
        let dir = tempfile::tempdir().unwrap();
        let s = FsBlobStore::new(dir.path());
        let k1 = s.put(b"%PDF-1.7 hello").await.unwrap();
        let k2 = s.put(b"%PDF-1.7 hello").await.unwrap();
        assert_eq!(k1, k2);
        assert_eq!(s.get(&k1).await.unwrap().unwrap(), b"%PDF-1.7 hello");
        assert!(s.get("../../etc/passwd").await.unwrap().is_none());
        assert!(s.get(&"0".repeat(64)).await.unwrap().is_none());
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn blobs_are_private_files_in_private_folders() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let s = FsBlobStore::new(dir.path().join("blobs"));
        let k = s.put(b"photo bytes").await.unwrap();
        let file = s.path(&k).unwrap();
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(file.parent().unwrap()), 0o700);
        assert_eq!(mode(&dir.path().join("blobs")), 0o700);
    }
}
