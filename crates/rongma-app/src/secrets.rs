//! Key material: generated on first start into a file readable only by its owner
//! (`data/secrets.toml`, mode 0600), never logged, never in the repository. Code keys
//! rotate by appending a new key; old keys stay so old tags keep verifying.

use crate::config::Secret;
use rand::RngCore;
use rongma_domain::codes::{CodeKeys, KeyError, KeyId, Keyring, PinKeyring, SecretKey};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// One generation of hang-tag keys: the serial MAC key and the separate PIN key.
#[derive(Clone, Serialize, Deserialize)]
pub struct CodeKey {
    /// Key id carried as the first symbol of every serial made with it: one serial
    /// symbol (`0`–`9`, `A`–`Z` without I, L, O, U). Files written before ids were
    /// symbols hold numbers, read as the symbol of that value.
    #[serde(deserialize_with = "key_id_text")]
    pub id: String,
    pub serial_key: Secret<String>,
    pub pin_key: Secret<String>,
}

#[derive(Clone, Serialize, Deserialize)]
pub struct Secrets {
    /// Signs CSRF tokens.
    pub session_key: Secret<String>,
    /// Salts the network fingerprints of scans.
    pub fingerprint_salt: Secret<String>,
    /// Hang-tag key generations, oldest first; the last one issues new batches.
    pub code_keys: Vec<CodeKey>,
    /// Encrypts consumers' phone numbers at rest (XChaCha20-Poly1305, 32 bytes hex).
    /// Added to files written before it existed when they are next loaded.
    #[serde(default)]
    pub phone_key: Option<Secret<String>>,
    /// Seed of the transparency log's Ed25519 signing key (32 bytes hex). Added to files
    /// written before it existed when they are next loaded.
    #[serde(default)]
    pub log_key: Option<Secret<String>>,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Secrets({} code keys)", self.code_keys.len())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    #[error("cannot read or write the secrets file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("the secrets file {path} is invalid: {message}")]
    Invalid { path: String, message: String },
}

pub fn random_hex(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

impl Secrets {
    pub fn generate() -> Self {
        Self {
            session_key: Secret::new(random_hex(32)),
            fingerprint_salt: Secret::new(random_hex(32)),
            code_keys: vec![CodeKey::generate('1')],
            phone_key: Some(Secret::new(random_hex(32))),
            log_key: Some(Secret::new(random_hex(32))),
        }
    }

    /// Generates the keys a file written by an older version lacks; whether any was.
    fn fill_missing(&mut self) -> bool {
        let mut added = false;
        if self.phone_key.is_none() {
            self.phone_key = Some(Secret::new(random_hex(32)));
            added = true;
        }
        if self.log_key.is_none() {
            self.log_key = Some(Secret::new(random_hex(32)));
            added = true;
        }
        added
    }

    /// Reads the secrets file, creating it with fresh keys if it does not exist.
    pub fn load_or_create(path: &Path) -> Result<Secrets, SecretsError> {
        let io = |source| SecretsError::Io {
            path: path.display().to_string(),
            source,
        };
        if path.exists() {
            // A file copied in with wider permissions is closed again.
            crate::files::make_private(path).map_err(io)?;
            let text = std::fs::read_to_string(path).map_err(io)?;
            let mut s: Secrets = toml::from_str(&text).map_err(|e| SecretsError::Invalid {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
            s.check().map_err(|message| SecretsError::Invalid {
                path: path.display().to_string(),
                message,
            })?;
            if s.fill_missing() {
                s.save(path)?;
            }
            return Ok(s);
        }
        let s = Secrets::generate();
        s.save(path)?;
        Ok(s)
    }

    /// Writes the file atomically (temporary file, then rename) with mode 0600.
    pub fn save(&self, path: &Path) -> Result<(), SecretsError> {
        let io = |source| SecretsError::Io {
            path: path.display().to_string(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::files::private_dir(dir).map_err(io)?;
        }
        let text = format!(
            "# rongma key material. Keep this file secret and backed up: losing the code keys\n\
             # means printed tags can no longer be verified.\n{}",
            toml::to_string(self).map_err(|e| SecretsError::Invalid {
                path: path.display().to_string(),
                message: e.to_string()
            })?
        );
        let tmp = path.with_extension("toml.tmp");
        {
            use std::io::Write;
            let mut f = crate::files::private_file()
                .write(true)
                .create(true)
                .truncate(true)
                .open(&tmp)
                .map_err(io)?;
            f.write_all(text.as_bytes()).map_err(io)?;
            f.sync_all().map_err(io)?;
        }
        std::fs::rename(&tmp, path).map_err(io)
    }

    /// Adds a new code key generation; new batches use it from now on (after a restart of
    /// the processes that issue codes). Its id is the next free symbol after the current
    /// one, wrapping around; with all 32 ids held, a key must be retired first.
    pub fn rotate_code_key(&mut self) -> Result<KeyId, KeyError> {
        let keys = self.code_keys()?;
        let current = keys.current().value();
        let held = keys.serial_keys().ids();
        let id = (1..32u8)
            .filter_map(|step| KeyId::new((current + step) % 32).ok())
            .find(|id| !held.contains(id))
            .ok_or(KeyError::InvalidId {
                id: "(all 32 key ids are in use: retire an old key first)".into(),
            })?;
        self.code_keys.push(CodeKey::generate(id.symbol()));
        Ok(id)
    }

    /// The code keyrings: every generation, the last one current. Built once at startup
    /// (the HMAC states are keyed then) and kept in the `App`.
    pub fn code_keys(&self) -> Result<CodeKeys, KeyError> {
        let last = self
            .code_keys
            .last()
            .ok_or(KeyError::InvalidId { id: String::new() })?;
        let current = KeyId::parse(&last.id)?;
        let entries = |pick: fn(&CodeKey) -> &Secret<String>, ring: &'static str| {
            self.code_keys
                .iter()
                .map(|k| {
                    let wrap = |e: KeyError| KeyError::Entry {
                        ring,
                        id: k.id.clone(),
                        source: Box::new(e),
                    };
                    Ok((
                        KeyId::parse(&k.id).map_err(wrap)?,
                        SecretKey::from_hex(pick(k).expose()).map_err(wrap)?,
                    ))
                })
                .collect::<Result<Vec<_>, KeyError>>()
        };
        let serial = Keyring::new(current, entries(|k| &k.serial_key, "serial")?)?;
        let pin = PinKeyring::new(current, entries(|k| &k.pin_key, "PIN")?)?;
        CodeKeys::new(serial, pin)
    }

    fn check(&self) -> Result<(), String> {
        let hex32 = |name: &str, v: &str| {
            if v.len() >= 32 && v.bytes().all(|b| b.is_ascii_hexdigit()) {
                Ok(())
            } else {
                Err(format!("{name} must be at least 16 bytes written in hex"))
            }
        };
        hex32("session_key", self.session_key.expose())?;
        hex32("fingerprint_salt", self.fingerprint_salt.expose())?;
        if let Some(k) = &self.phone_key {
            if k.expose().len() != 64 || hex::decode(k.expose()).is_err() {
                return Err("phone_key must be 32 bytes written in hex".into());
            }
        }
        if let Some(k) = &self.log_key {
            if k.expose().len() != 64 || hex::decode(k.expose()).is_err() {
                return Err("log_key must be 32 bytes written in hex".into());
            }
        }
        if self.code_keys.is_empty() {
            return Err("code_keys must list at least one key".into());
        }
        for k in &self.code_keys {
            hex32(
                &format!("code_keys[{}].serial_key", k.id),
                k.serial_key.expose(),
            )?;
            hex32(&format!("code_keys[{}].pin_key", k.id), k.pin_key.expose())?;
        }
        self.code_keys()
            .map(|_| ())
            .map_err(|e| format!("code_keys: {e}"))
    }

    pub fn session_key_bytes(&self) -> Vec<u8> {
        hex::decode(self.session_key.expose()).unwrap_or_default()
    }
}

impl CodeKey {
    fn generate(id: char) -> Self {
        Self {
            id: id.to_string(),
            serial_key: Secret::new(random_hex(32)),
            pin_key: Secret::new(random_hex(32)),
        }
    }
}

/// A key id as text: a symbol, or (older files) the number of its value.
fn key_id_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Number(u8),
    }
    match Raw::deserialize(d)? {
        Raw::Text(s) => Ok(s),
        Raw::Number(n) => KeyId::new(n)
            .map(|k| k.symbol().to_string())
            .map_err(serde::de::Error::custom),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_once_then_read_back_with_owner_only_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/secrets.toml");
        let a = Secrets::load_or_create(&path).unwrap();
        let b = Secrets::load_or_create(&path).unwrap();
        assert_eq!(a.session_key.expose(), b.session_key.expose());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        assert!(!format!("{a:?}").contains(a.session_key.expose().as_str()));
    }

    #[test]
    fn rotation_keeps_old_keys() {
        let mut s = Secrets::generate();
        let old = s.code_keys().unwrap();
        let serial = old
            .serial_keys()
            .issue_with(old.current(), rongma_domain::codes::Seq::new(7).unwrap())
            .unwrap();
        assert_eq!(s.rotate_code_key().unwrap().symbol(), '2');
        assert_eq!(
            s.code_keys
                .iter()
                .map(|k| k.id.as_str())
                .collect::<Vec<_>>(),
            ["1", "2"]
        );
        let new = s.code_keys().unwrap();
        assert_eq!(new.current().symbol(), '2');
        // Tags of the old key keep verifying after the rotation.
        assert!(new.serial_keys().verify(serial.as_str()).is_ok());
    }

    #[test]
    fn rotation_skips_held_ids_and_stops_when_all_are_used() {
        let mut s = Secrets::generate();
        for _ in 0..31 {
            s.rotate_code_key().unwrap();
        }
        // 1, 2, …, Z, then 0: every id used once.
        assert_eq!(s.code_keys.last().unwrap().id, "0");
        assert!(s.rotate_code_key().is_err());
    }

    #[test]
    fn numeric_ids_of_older_files_are_read_as_symbols() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.toml");
        let hex = "ab".repeat(32);
        std::fs::write(
            &path,
            format!(
                "session_key = \"{hex}\"\nfingerprint_salt = \"{hex}\"\n\
                 [[code_keys]]\nid = 1\nserial_key = \"{hex}\"\npin_key = \"{}\"\n\
                 [[code_keys]]\nid = 10\nserial_key = \"{hex}\"\npin_key = \"{}\"\n",
                "cd".repeat(32),
                "ef".repeat(32)
            ),
        )
        .unwrap();
        let s = Secrets::load_or_create(&path).unwrap();
        assert_eq!(s.code_keys().unwrap().current().symbol(), 'A');
        // Keys added by later versions are generated and written back, once.
        let phone = s.phone_key.clone().expect("phone key added");
        let again = Secrets::load_or_create(&path).unwrap();
        assert_eq!(again.phone_key, Some(phone));
        assert!(std::fs::read_to_string(&path)
            .unwrap()
            .contains("phone_key"));
    }

    #[test]
    fn unpaired_or_bad_key_ids_are_refused_by_name() {
        let mut s = Secrets::generate();
        s.code_keys[0].id = "U".into();
        let e = s.check().unwrap_err();
        assert!(e.contains("code_keys") && e.contains("\"U\""), "{e}");
    }

    #[test]
    fn a_damaged_file_is_refused_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.toml");
        std::fs::write(
            &path,
            "session_key = \"zz\"\nfingerprint_salt = \"00\"\ncode_keys = []\n",
        )
        .unwrap();
        let e = Secrets::load_or_create(&path).unwrap_err().to_string();
        assert!(
            e.contains("secrets.toml") && e.contains("session_key"),
            "{e}"
        );
    }
}
