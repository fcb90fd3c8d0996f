//! The two keyrings — serial MAC keys and PIN keys — and how they are configured.
//!
//! They are separate types so a PIN can never be derived with a serial key by mistake,
//! and separate secrets so that what verifies a serial (public scan pages) reveals nothing
//! about PINs. Both use the same key ids: a tag's serial and PIN come from key `k` of each.

use super::keys::{KeyError, KeyId, KeySet, SecretKey};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Serial MAC keys by id, and the id new batches use.
#[derive(Clone, Debug)]
pub struct Keyring(pub(crate) KeySet);

/// PIN derivation keys by id (the same ids as the serial keyring).
#[derive(Clone, Debug)]
pub struct PinKeyring(pub(crate) KeySet);

macro_rules! keyring_common {
    ($t:ty) => {
        impl $t {
            /// A keyring of `keys` whose newest key is `current`; ids must be distinct.
            pub fn new(
                current: KeyId,
                keys: impl IntoIterator<Item = (KeyId, SecretKey)>,
            ) -> Result<Self, KeyError> {
                KeySet::new(current, keys).map(Self)
            }

            /// The key new batches are issued with.
            pub fn current(&self) -> KeyId {
                self.0.current()
            }

            pub fn contains(&self, id: KeyId) -> bool {
                self.0.contains(id)
            }

            /// Ids of every key held, in symbol order.
            pub fn ids(&self) -> Vec<KeyId> {
                self.0.ids().collect()
            }
        }
    };
}

keyring_common!(Keyring);
keyring_common!(PinKeyring);

/// Both keyrings, checked to hold the same ids and the same current id.
#[derive(Clone, Debug)]
pub struct CodeKeys {
    serial: Keyring,
    pin: PinKeyring,
}

impl CodeKeys {
    pub fn new(serial: Keyring, pin: PinKeyring) -> Result<Self, KeyError> {
        if serial.current() != pin.current() {
            return Err(KeyError::CurrentMismatch {
                serial: serial.current(),
                pin: pin.current(),
            });
        }
        for id in (0u8..32).filter_map(|v| KeyId::new(v).ok()) {
            if serial.contains(id) != pin.contains(id) {
                return Err(KeyError::Unpaired { id });
            }
        }
        Ok(Self { serial, pin })
    }

    pub fn serial_keys(&self) -> &Keyring {
        &self.serial
    }

    pub fn pin_keys(&self) -> &PinKeyring {
        &self.pin
    }

    pub fn current(&self) -> KeyId {
        self.serial.current()
    }
}

/// Key material as it appears in configuration: ids as their symbol, secrets as hex.
///
/// ```toml
/// [codes.keys]
/// current = "2"
/// serial = { "1" = "9f…64 hex digits…", "2" = "…" }
/// pin = { "1" = "…", "2" = "…" }
/// ```
/// `Debug` shows the ids only.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct KeyringConfig {
    /// Id of the key new batches use.
    pub current: String,
    /// Serial MAC secrets by key id.
    pub serial: BTreeMap<String, String>,
    /// PIN secrets by key id.
    pub pin: BTreeMap<String, String>,
}

impl KeyringConfig {
    /// Parses and checks everything; errors name the keyring and the key id.
    pub fn build(&self) -> Result<CodeKeys, KeyError> {
        let current = KeyId::parse(&self.current)?;
        let serial = Keyring::new(current, entries("serial", &self.serial)?)?;
        let pin = PinKeyring::new(current, entries("PIN", &self.pin)?)?;
        CodeKeys::new(serial, pin)
    }
}

fn entries(
    ring: &'static str,
    map: &BTreeMap<String, String>,
) -> Result<Vec<(KeyId, SecretKey)>, KeyError> {
    map.iter()
        .map(|(id, secret)| {
            let wrap = |e: KeyError| KeyError::Entry {
                ring,
                id: id.clone(),
                source: Box::new(e),
            };
            Ok((
                KeyId::parse(id).map_err(wrap)?,
                SecretKey::from_hex(secret).map_err(wrap)?,
            ))
        })
        .collect()
}

impl fmt::Debug for KeyringConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyringConfig")
            .field("current", &self.current)
            .field("serial", &self.serial.keys().collect::<Vec<_>>())
            .field("pin", &self.pin.keys().collect::<Vec<_>>())
            .finish()
    }
}
