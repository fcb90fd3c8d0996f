//! Typed settings: built-in defaults, then `rongma.toml`, then `RONGMA_…` environment
//! variables (nested keys joined by `__`, e.g. `RONGMA_DATABASE__URL`). Secrets are wrapped
//! in [`Secret`] so that `Debug` and logs never show them.

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

/// A value that must never be printed.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    pub fn new(v: T) -> Self {
        Self(v)
    }
    /// The secret itself; call only where it is used, never to log or display it.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub storage: StorageSettings,
    pub security: SecuritySettings,
    pub certificates: CertificateSettings,
    pub grading: GradingSettings,
    pub codes: CodeSettings,
    pub complaints: ComplaintSettings,
    pub scans: ScanSettings,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerSettings {
    /// Address and port to listen on.
    pub listen: String,
    /// Public host name printed in QR codes (`HTTPS://{HOST}/C/{SERIAL}`).
    pub public_host: String,
    /// Largest request body in bytes (uploads are limited separately).
    pub max_body_bytes: usize,
    /// Behind a reverse proxy: the header carrying the client's address (e.g.
    /// `X-Forwarded-For`, first entry). Unset: the connection's peer address is the client.
    pub client_ip_header: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseSettings {
    /// `sqlite://path/to/file.db` (embedded default) or `postgres://user@host/db`.
    pub url: Secret<String>,
    pub max_connections: u32,
    /// SQLite only: fsync every commit (`synchronous=FULL`), surviving power loss.
    pub sqlite_full_sync: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StorageSettings {
    /// Directory for the SQLite file, blobs and generated secrets.
    pub data_dir: PathBuf,
    /// Largest uploaded file (report PDFs, spreadsheets, photos) in megabytes.
    pub max_upload_mb: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SecuritySettings {
    /// Web and API sessions expire after this many hours without use.
    pub session_idle_hours: i64,
    /// Mark cookies `Secure` (turn on behind HTTPS).
    pub secure_cookies: bool,
    /// Where generated secrets are kept (created with mode 0600 on first start) unless
    /// they are given in the environment.
    pub secrets_file: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CertificateSettings {
    /// Validity of a grade certificate in months.
    pub validity_months: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GradingSettings {
    /// Id of the grading profile applications are graded with (its active version).
    pub profile_id: String,
}

/// Consumer complaints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ComplaintSettings {
    /// Working days the regulator has to decide whether to accept a complaint.
    pub accept_within_working_days: u32,
    /// Days (calendar) within which an accepted complaint must be closed.
    pub close_within_days: u32,
    /// Largest photo a consumer may attach, in megabytes.
    pub max_photo_mb: u64,
    /// Complaints one network (/24 or /48) may file per hour.
    pub per_network_per_hour: u32,
}

impl Default for ComplaintSettings {
    fn default() -> Self {
        Self {
            accept_within_working_days: 7,
            close_within_days: 60,
            max_photo_mb: 5,
            per_network_per_hour: 10,
        }
    }
}

/// Code batches and hang tags.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CodeSettings {
    /// Most codes one certificate may carry, over all its batches.
    pub max_per_certificate: u64,
    /// Most codes in one batch.
    pub max_per_batch: u64,
    /// Hang-tag size in millimetres (the design is drawn for 50 × 90 and scaled).
    pub tag_width_mm: f32,
    pub tag_height_mm: f32,
}

impl Default for CodeSettings {
    fn default() -> Self {
        Self {
            max_per_certificate: 2_000_000,
            max_per_batch: 1_000_000,
            tag_width_mm: 50.0,
            tag_height_mm: 90.0,
        }
    }
}

impl Default for GradingSettings {
    fn default() -> Self {
        Self {
            profile_id: "pinghu-down-garment".into(),
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            server: ServerSettings {
                listen: "127.0.0.1:8080".into(),
                public_host: "RONGMA.EXAMPLE.CN".into(),
                max_body_bytes: 2 * 1024 * 1024,
                client_ip_header: None,
            },
            database: DatabaseSettings {
                url: Secret::new("sqlite://data/rongma.db".into()),
                max_connections: 8,
                sqlite_full_sync: true,
            },
            storage: StorageSettings {
                data_dir: PathBuf::from("data"),
                max_upload_mb: 20,
            },
            security: SecuritySettings {
                session_idle_hours: 12,
                secure_cookies: false,
                secrets_file: None,
            },
            certificates: CertificateSettings {
                validity_months: 12,
            },
            grading: GradingSettings::default(),
            codes: CodeSettings::default(),
            complaints: ComplaintSettings::default(),
            scans: ScanSettings::default(),
        }
    }
}

impl Default for ServerSettings {
    fn default() -> Self {
        Settings::default().server
    }
}
impl Default for DatabaseSettings {
    fn default() -> Self {
        Settings::default().database
    }
}
impl Default for StorageSettings {
    fn default() -> Self {
        Settings::default().storage
    }
}
impl Default for SecuritySettings {
    fn default() -> Self {
        Settings::default().security
    }
}
/// Consumer scans, PIN checks and copied-code detection (see `crate::scans`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScanSettings {
    /// Seconds a cached batch view (product, certificate, lab, report) is trusted before it
    /// is read again: how long another instance's change can take to show on this one.
    pub cache_ttl_secs: u64,
    /// Plain scans are written at least this often (milliseconds, at most 1000): with the
    /// write in progress, the most a crash can lose. A write also starts when the oldest
    /// waiting scan is half this old. Scans wait for the writer when the oldest unwritten
    /// one is older than this.
    pub flush_interval_ms: u64,
    /// ... or as soon as this many are waiting. Larger writes cost less per scan (each
    /// rewrites the pages of `code_state` and the events' index it touches once).
    pub flush_max_events: usize,
    /// Scans held in memory at most (if the database stops answering); beyond, new scans
    /// are still answered but not recorded, and the count of those is logged.
    pub max_pending_events: usize,
    /// Wrong PINs in a row that lock PIN checks on a tag, and for how long.
    pub pin_max_wrong: u32,
    pub pin_lock_minutes: u32,
    /// Wrong PINs one network (/24, /48) may send within the window before it gets 429.
    pub pin_wrong_per_network: u32,
    pub pin_network_window_minutes: u32,
    /// Scans (pages and JSON) one network may make per minute; 0 = no limit.
    pub scans_per_network_per_minute: u32,
    /// Flag a code whose correct PIN was checked from this many distinct networks.
    pub flag_pin_networks: u32,
    /// Flag a code scanned from this many distinct networks within the window (hours).
    pub flag_scan_networks: u32,
    pub flag_scan_window_hours: u32,
}

impl Default for ScanSettings {
    fn default() -> Self {
        Self {
            cache_ttl_secs: 10,
            flush_interval_ms: 1000,
            flush_max_events: 20_000,
            max_pending_events: 200_000,
            pin_max_wrong: 5,
            pin_lock_minutes: 60,
            pin_wrong_per_network: 30,
            pin_network_window_minutes: 10,
            scans_per_network_per_minute: 600,
            flag_pin_networks: 3,
            flag_scan_networks: 10,
            flag_scan_window_hours: 24,
        }
    }
}

impl Default for CertificateSettings {
    fn default() -> Self {
        Settings::default().certificates
    }
}

/// What went wrong reading the settings; names the key and where it came from.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration: {0}")]
pub struct ConfigError(String);

impl Settings {
    /// Defaults → `file` (or `./rongma.toml` if it exists) → `RONGMA_…` variables.
    pub fn load(file: Option<&Path>) -> Result<Settings, ConfigError> {
        let mut fig = Figment::from(Serialized::defaults(Settings::default()));
        match file {
            Some(path) => {
                if !path.exists() {
                    return Err(ConfigError(format!(
                        "configuration file {} does not exist",
                        path.display()
                    )));
                }
                fig = fig.merge(Toml::file_exact(path));
            }
            None => fig = fig.merge(Toml::file_exact("rongma.toml").nested_if_exists()),
        }
        // Settings are all `section.key`; single-level variables (RONGMA_LOG, RONGMA_CONFIG,
        // RONGMA_TEST_POSTGRES_URL) belong to the binary and the tests, not to the settings.
        fig = fig.merge(
            Env::prefixed("RONGMA_")
                .filter(|k| k.as_str().contains("__"))
                .split("__"),
        );
        let s: Settings = fig.extract().map_err(|e| ConfigError(e.to_string()))?;
        s.check()?;
        Ok(s)
    }

    fn check(&self) -> Result<(), ConfigError> {
        if self.certificates.validity_months == 0 || self.certificates.validity_months > 60 {
            return Err(ConfigError(
                "certificates.validity_months must be 1–60".into(),
            ));
        }
        if self.storage.max_upload_mb == 0 {
            return Err(ConfigError(
                "storage.max_upload_mb must be at least 1".into(),
            ));
        }
        let c = &self.codes;
        if c.max_per_batch == 0 || c.max_per_certificate < c.max_per_batch {
            return Err(ConfigError(
                "codes.max_per_batch must be at least 1 and codes.max_per_certificate at least as large".into(),
            ));
        }
        let s = &self.scans;
        if s.flush_interval_ms == 0 || s.flush_interval_ms > 1000 || s.flush_max_events == 0 {
            return Err(ConfigError(
                "scans.flush_interval_ms must be 1–1000 and scans.flush_max_events at least 1"
                    .into(),
            ));
        }
        if s.pin_max_wrong == 0 || s.flag_pin_networks < 2 || s.flag_scan_networks < 2 {
            return Err(ConfigError(
                "scans.pin_max_wrong must be at least 1, scans.flag_pin_networks and scans.flag_scan_networks at least 2".into(),
            ));
        }
        // A code's row keeps at most this many networks of each kind.
        if s.flag_pin_networks as usize > rongma_store::MAX_PIN_NETWORKS
            || s.flag_scan_networks as usize > rongma_store::MAX_SCAN_NETWORKS
        {
            return Err(ConfigError(format!(
                "scans.flag_pin_networks must be at most {} and scans.flag_scan_networks at most {}",
                rongma_store::MAX_PIN_NETWORKS,
                rongma_store::MAX_SCAN_NETWORKS
            )));
        }
        if ![c.tag_width_mm, c.tag_height_mm]
            .iter()
            .all(|v| (20.0..=300.0).contains(v))
        {
            return Err(ConfigError(
                "codes.tag_width_mm and codes.tag_height_mm must be 20–300".into(),
            ));
        }
        let host = &self.server.public_host;
        if host.is_empty()
            || !host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == ':')
        {
            return Err(ConfigError(format!(
                "server.public_host {host:?} is not a host name"
            )));
        }
        Ok(())
    }

    /// Where generated secrets live.
    pub fn secrets_path(&self) -> PathBuf {
        self.security
            .secrets_file
            .clone()
            .unwrap_or_else(|| self.storage.data_dir.join("secrets.toml"))
    }

    pub fn max_upload_bytes(&self) -> u64 {
        self.storage.max_upload_mb * 1024 * 1024
    }
}

/// `Toml::file_exact` fails when the file is missing; the default file is optional.
trait NestedIfExists {
    fn nested_if_exists(self) -> Figment;
}

impl NestedIfExists for figment::providers::Data<Toml> {
    fn nested_if_exists(self) -> Figment {
        if Path::new("rongma.toml").exists() {
            Figment::from(self)
        } else {
            Figment::new()
        }
    }
}

/// A commented example configuration (`rongma default-config`). No secrets in it.
pub fn example_config() -> String {
    let d = Settings::default();
    format!(
        r#"# rongma configuration. Every key is optional; these are the defaults.
# Each key can also be set in the environment: RONGMA_<SECTION>__<KEY>, e.g.
#   RONGMA_DATABASE__URL=postgres://rongma@db.example/rongma

[server]
# Address and port to listen on.
listen = "{listen}"
# Public host printed in QR codes on hang tags (upper case keeps the QR small).
public_host = "{host}"
# Largest JSON or form body, in bytes.
max_body_bytes = {body}
# Behind a reverse proxy, the header that carries the client's address, e.g.
# client_ip_header = "X-Forwarded-For"

[database]
# sqlite://path (embedded, created on first start) or postgres://user:password@host/db.
# Prefer the environment for URLs that carry a password.
url = "sqlite://data/rongma.db"
max_connections = {conns}
# SQLite: fsync every commit so that power loss loses nothing committed.
sqlite_full_sync = {full}

[storage]
# SQLite file, uploaded report PDFs and generated secrets live here.
data_dir = "{data}"
# Largest uploaded file, in megabytes.
max_upload_mb = {upload}

[security]
# Sessions end after this many hours without use.
session_idle_hours = {idle}
# Set to true behind HTTPS.
secure_cookies = {secure}
# Generated keys (session, code MAC and PIN keys) are kept here, mode 0600.
# secrets_file = "data/secrets.toml"

[certificates]
# Validity of a grade certificate, in months.
validity_months = {months}

[grading]
# Applications are graded with the active version of this profile (load others with
# the API or the regulator's pages; the built-in default is loaded on first use).
profile_id = "{profile}"

[codes]
# Most codes (hang tags) one certificate may carry, over all its batches.
max_per_certificate = {cert_cap}
# Most codes in one batch.
max_per_batch = {batch_cap}
# Hang-tag size in millimetres; the 50 x 90 design is scaled to fit.
tag_width_mm = {tag_w:.1}
tag_height_mm = {tag_h:.1}

[complaints]
# Working days to decide whether to accept a consumer complaint, and calendar days to
# close an accepted one.
accept_within_working_days = {accept_days}
close_within_days = {close_days}
# Largest photo a consumer may attach, in megabytes.
max_photo_mb = {photo_mb}
# Complaints one network (/24 IPv4, /48 IPv6) may file per hour.
per_network_per_hour = {per_net}

[scans]
# Seconds a cached batch view (product, certificate, lab, report) is trusted: a change
# made through another instance shows here within this time (this instance's own changes
# show at once).
cache_ttl_secs = {s_ttl}
# Plain scans are written in batches at least every flush_interval_ms (at most 1000: a
# crash loses at most that much of plain scans plus the write in progress, and scans wait
# for the writer when it falls further behind; PIN checks are written before they are
# answered), when the oldest waiting scan is half that old, or as soon as
# flush_max_events are waiting.
flush_interval_ms = {s_flush}
flush_max_events = {s_flush_n}
# Scans kept in memory at most while the database does not answer.
max_pending_events = {s_pending}
# Wrong PINs in a row that lock PIN checks on one tag, and for how many minutes.
pin_max_wrong = {s_wrong}
pin_lock_minutes = {s_lock}
# Wrong PINs one network (/24 IPv4, /48 IPv6) may send per window before it gets 429.
pin_wrong_per_network = {s_net_wrong}
pin_network_window_minutes = {s_net_window}
# Scans one network may make per minute (0 = no limit). Mind carrier-grade NAT: many
# phones can share one /24.
scans_per_network_per_minute = {s_rate}
# Copied-code flags: a correct PIN checked from this many networks, or scans from this
# many networks within flag_scan_window_hours.
flag_pin_networks = {s_flag_pin}
flag_scan_networks = {s_flag_scan}
flag_scan_window_hours = {s_flag_hours}
"#,
        s_ttl = d.scans.cache_ttl_secs,
        s_flush = d.scans.flush_interval_ms,
        s_flush_n = d.scans.flush_max_events,
        s_pending = d.scans.max_pending_events,
        s_wrong = d.scans.pin_max_wrong,
        s_lock = d.scans.pin_lock_minutes,
        s_net_wrong = d.scans.pin_wrong_per_network,
        s_net_window = d.scans.pin_network_window_minutes,
        s_rate = d.scans.scans_per_network_per_minute,
        s_flag_pin = d.scans.flag_pin_networks,
        s_flag_scan = d.scans.flag_scan_networks,
        s_flag_hours = d.scans.flag_scan_window_hours,
        accept_days = d.complaints.accept_within_working_days,
        close_days = d.complaints.close_within_days,
        photo_mb = d.complaints.max_photo_mb,
        per_net = d.complaints.per_network_per_hour,
        listen = d.server.listen,
        host = d.server.public_host,
        body = d.server.max_body_bytes,
        conns = d.database.max_connections,
        full = d.database.sqlite_full_sync,
        data = d.storage.data_dir.display(),
        upload = d.storage.max_upload_mb,
        idle = d.security.session_idle_hours,
        secure = d.security.secure_cookies,
        months = d.certificates.validity_months,
        profile = d.grading.profile_id,
        cert_cap = d.codes.max_per_certificate,
        batch_cap = d.codes.max_per_batch,
        tag_w = d.codes.tag_width_mm,
        tag_h = d.codes.tag_height_mm,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_do_not_print() {
        let mut s = Settings::default();
        s.database.url = Secret::new("postgres://u:hunter2@db/x".into());
        let shown = format!("{s:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("Secret(***)"));
    }

    #[test]
    fn example_config_parses_to_the_defaults() {
        let parsed: Settings = Figment::from(Toml::string(&example_config()))
            .extract()
            .unwrap();
        assert_eq!(parsed, Settings::default());
    }

    #[test]
    fn file_then_environment_override_defaults() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "custom.toml",
                "[server]\nlisten = \"0.0.0.0:9000\"\n[certificates]\nvalidity_months = 24\n",
            )?;
            jail.set_env("RONGMA_CERTIFICATES__VALIDITY_MONTHS", "6");
            jail.set_env("RONGMA_LOG", "debug");
            let s = Settings::load(Some(Path::new("custom.toml"))).expect("load");
            assert_eq!(s.server.listen, "0.0.0.0:9000");
            assert_eq!(s.certificates.validity_months, 6);
            assert_eq!(s.storage.max_upload_mb, 20);
            Ok(())
        });
    }

    #[test]
    fn bad_values_are_named() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("bad.toml", "[certificates]\nvalidity_months = 0\n")?;
            let e = Settings::load(Some(Path::new("bad.toml"))).unwrap_err();
            assert!(
                e.to_string().contains("certificates.validity_months"),
                "{e}"
            );
            jail.create_file("typo.toml", "[server]\nlisen = \"x\"\n")?;
            let e = Settings::load(Some(Path::new("typo.toml"))).unwrap_err();
            assert!(e.to_string().contains("lisen"), "{e}");
            Ok(())
        });
    }
}
