//! Typed settings: built-in defaults, then `rongma.toml`, then `RONGMA_…` environment
//! variables (nested keys joined by `__`, e.g. `RONGMA_DATABASE__URL`). Secrets are wrapped
//! in [`Secret`] so that `Debug` and logs never show them.
//!
//! Each key is declared once, with its documentation and its default, in a
//! [`section!`] below: the struct, its `Default` and the commented example configuration
//! that `rongma default-config` prints all come from that one place.

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

/// Declares one `[section]` of the settings: the struct (each key with its documentation
/// and type), its defaults, and the keys' documentation for [`example_config`]. A key's
/// `; e.g. "…"` is shown commented out in the example when its default is unset.
macro_rules! section {
    (
        $(#[doc = $sdoc:literal])*
        $name:ident {
            $(
                $(#[doc = $doc:literal])*
                $field:ident : $ty:ty = $default:expr $(; e.g. $example:literal)?
            ),* $(,)?
        }
    ) => {
        $(#[doc = $sdoc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct $name {
            $( $(#[doc = $doc])* pub $field: $ty, )*
        }

        impl Default for $name {
            fn default() -> Self {
                Self { $( $field: $default, )* }
            }
        }

        impl $name {
            /// The keys of this section: name, documentation lines, example if unset.
            pub const KEYS: &'static [Key] = &[
                $( Key {
                    name: stringify!($field),
                    doc: &[$($doc),*],
                    example: section!(@example $($example)?),
                }, )*
            ];
        }
    };
    (@example $e:literal) => { Some($e) };
    (@example) => { None };
}

/// One documented key of a section.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub name: &'static str,
    pub doc: &'static [&'static str],
    /// Shown commented out when the default is unset.
    pub example: Option<&'static str>,
}

section! {
    /// Listening, the public host name, request limits, the client's address.
    ServerSettings {
        /// Address and port to listen on.
        listen: String = "127.0.0.1:8080".into(),
        /// Public host printed in QR codes on hang tags (`HTTPS://{HOST}/C/{SERIAL}`;
        /// upper case keeps the QR small).
        public_host: String = "RONGMA.EXAMPLE.CN".into(),
        /// Largest JSON or form body, in bytes (uploads are limited separately).
        max_body_bytes: usize = 2 * 1024 * 1024,
        /// Behind a reverse proxy, the header that carries the client's address:
        /// `X-Forwarded-For` or `Forwarded` (RFC 7239). It is believed only from the
        /// trusted proxies below, and read from the right: the rightmost address that is
        /// not a trusted proxy is the client. Unset: the connection's peer is the client.
        client_ip_header: Option<String> = None; e.g. "\"X-Forwarded-For\"",
        /// Networks of the reverse proxies whose forwarding header is believed (CIDR or
        /// single addresses), e.g. `["127.0.0.1", "10.0.0.0/8"]`.
        trusted_proxies: Vec<String> = Vec::new(),
    }
}

section! {
    /// Where the data lives.
    DatabaseSettings {
        /// `sqlite://path` (embedded, created on first start) or
        /// `postgres://user:password@host/db`. Prefer the environment for URLs that carry
        /// a password.
        url: Secret<String> = Secret::new("sqlite://data/rongma.db".into()),
        /// Pool size (readers on SQLite; all connections on PostgreSQL).
        max_connections: u32 = 8,
        /// SQLite: fsync every commit (`synchronous=FULL`), so power loss loses nothing
        /// committed.
        sqlite_full_sync: bool = true,
    }
}

section! {
    /// Files: the SQLite database, blobs, generated secrets.
    StorageSettings {
        /// Directory for the SQLite file, uploaded files and generated secrets.
        data_dir: PathBuf = PathBuf::from("data"),
        /// Largest uploaded file (report PDFs, spreadsheets, photos), in megabytes.
        max_upload_mb: u64 = 20,
    }
}

section! {
    /// Sessions, cookies and where keys are kept.
    SecuritySettings {
        /// Web and API sessions end after this many hours without use.
        session_idle_hours: i64 = 12,
        /// Mark cookies `Secure` (turn on behind HTTPS).
        secure_cookies: bool = false,
        /// Where generated keys (sessions, code MACs, PINs) are kept, created with mode
        /// 0600 on first start. Unset: `secrets.toml` in the data directory.
        secrets_file: Option<PathBuf> = None; e.g. "\"data/secrets.toml\"",
        /// Wrong passwords for one account from one network (/24, /48) before that network
        /// is refused for that account; the owner elsewhere is not affected.
        login_failures_per_account_network: u32 = 10,
        /// Wrong passwords from one network across all accounts (password spraying) before
        /// the network is refused.
        login_failures_per_network: u32 = 30,
        /// Minutes those two count over and block for.
        login_lock_minutes: u32 = 15,
        /// Wrong passwords for one account from anywhere within an hour before networks
        /// that failed on it wait a doubling delay (networks that never failed do not).
        login_failures_per_account: u32 = 50,
    }
}

section! {
    /// Grade certificates.
    CertificateSettings {
        /// Validity of a grade certificate, in months.
        validity_months: u32 = 12,
    }
}

section! {
    /// The grading engine.
    GradingSettings {
        /// Applications are graded with the active version of this profile (load others
        /// with the API or the regulator's pages; the built-in default is loaded on first
        /// use).
        profile_id: String = "pinghu-down-garment".into(),
    }
}

section! {
    /// Code batches and hang tags.
    CodeSettings {
        /// Most codes (hang tags) one certificate may carry, over all its batches.
        max_per_certificate: u64 = 2_000_000,
        /// Most codes in one batch.
        max_per_batch: u64 = 1_000_000,
        /// Hang-tag width in millimetres (the design is drawn for 50 × 90 and scaled).
        tag_width_mm: f32 = 50.0,
        /// Hang-tag height in millimetres.
        tag_height_mm: f32 = 90.0,
    }
}

section! {
    /// Consumer complaints.
    ComplaintSettings {
        /// Working days the regulator has to decide whether to accept a complaint.
        accept_within_working_days: u32 = 7,
        /// Calendar days within which an accepted complaint must be closed.
        close_within_days: u32 = 60,
        /// Largest photo a consumer may attach, in megabytes.
        max_photo_mb: u64 = 5,
        /// Complaints one network (/24 IPv4, /48 IPv6) may file per hour.
        per_network_per_hour: u32 = 10,
    }
}

section! {
    /// Consumer scans, PIN checks and copied-code detection (see `crate::scans`).
    ScanSettings {
        /// Seconds a cached batch view (product, certificate, lab, report) is trusted: a
        /// change made through another instance shows here within this time (this
        /// instance's own changes show at once).
        cache_ttl_secs: u64 = 10,
        /// Plain scans are written at least this often (milliseconds, at most 1000): with
        /// the write in progress, the most a crash can lose (PIN checks are written before
        /// they are answered). A write also starts when the oldest waiting scan is half
        /// this old, and scans wait for the writer when it falls further behind.
        flush_interval_ms: u64 = 1000,
        /// A write also starts as soon as this many scans are waiting. Larger writes cost
        /// less per scan (each rewrites the pages of the code rows and the events' index
        /// it touches once).
        flush_max_events: usize = 20_000,
        /// Scans held in memory at most while the database does not answer; beyond, new
        /// scans are still answered but not recorded, and the number is logged.
        max_pending_events: usize = 200_000,
        /// Wrong PINs on one tag from one network that lock that network's checks of the
        /// tag (the owner on another network is not locked out).
        pin_max_wrong: u32 = 5,
        /// Minutes those are counted over, and the lock lasts.
        pin_lock_minutes: u32 = 60,
        /// Wrong PINs one network (/24 IPv4, /48 IPv6) may send per window before it gets
        /// 429.
        pin_wrong_per_network: u32 = 30,
        /// That window, in minutes.
        pin_network_window_minutes: u32 = 10,
        /// Wrong PINs on one tag from anywhere within an hour that raise a `pin_burst`
        /// flag for the regulator; networks that failed on it then wait a doubling delay.
        pin_burst_per_tag: u32 = 20,
        /// Scans (pages and JSON) one network may make per minute; 0 = no limit. Mind
        /// carrier-grade NAT: many phones can share one /24.
        scans_per_network_per_minute: u32 = 600,
        /// Flag a code as copied when its correct PIN was checked from this many networks.
        flag_pin_networks: u32 = 3,
        /// Flag a code as copied when scanned from this many networks within the window.
        flag_scan_networks: u32 = 10,
        /// That window, in hours.
        flag_scan_window_hours: u32 = 24,
    }
}

section! {
    /// The transparency log of decisions (`/log/`).
    TransparencySettings {
        /// The log's name: the checkpoint origin and the key name of its signature, a
        /// schema-less URL such as `rongma.example.cn/log` (no spaces, no `+`).
        origin: String = "rongma.example.cn/log".into(),
        /// Milliseconds between checkpoint signings while the log grows.
        checkpoint_interval_ms: u64 = 2000,
        /// Witness verifier keys (`<name>+<hex id>+<base64 key>`) whose cosignatures are
        /// accepted and served with the checkpoint.
        witnesses: Vec<String> = Vec::new(),
        /// Witness URLs (`http://host:port`) `rongma serve` sends each new checkpoint to
        /// (C2SP tlog-witness `add-checkpoint`); their cosignatures are kept if by a key
        /// in `witnesses`.
        witness_urls: Vec<String> = Vec::new(),
    }
}

section! {
    /// Spot checks (双随机、一公开) and what their results do to certificates.
    SupervisionSettings {
        /// The stratum (credit-risk class) of an enterprise with none set, until credit
        /// classes are computed.
        default_stratum: String = "B".into(),
        /// 一公开: results are due on the public page within this many working days of
        /// the draw.
        publish_within_working_days: u32 = 20,
        /// Days the enterprise has to object to a result and ask for a retest of the
        /// reserve sample.
        objection_days: u32 = 15,
        /// What a sample one grade below its certificate does: `<action> <scope>`, action
        /// one of keep, downgrade, suspend, revoke; scope sampled_lot or all_lots.
        lower_by_one: String = "downgrade sampled_lot".into(),
        /// What a sample two or more grades below does.
        lower_by_more: String = "downgrade all_lots".into(),
        /// What a sample failing the baseline does at once (no downgrade: it has no grade).
        fails_baseline: String = "suspend all_lots".into(),
        /// What a baseline failure becomes when the objection window passes without a
        /// retest that clears it.
        fails_baseline_final: String = "revoke all_lots".into(),
        /// The drand chain plans may name: its chain hash (64 hex digits).
        drand_chain_hash: String = rongma_domain::supervision::DrandChainConfig::quicknet().chain_hash,
        /// Its group public key (hex), against which rounds are verified.
        drand_public_key: String = rongma_domain::supervision::DrandChainConfig::quicknet().public_key,
        /// Its scheme (`bls-unchained-g1-rfc9380`, `pedersen-bls-chained`, …).
        drand_scheme: String = rongma_domain::supervision::DrandChainConfig::quicknet().scheme,
        /// Unix seconds of its round 1.
        drand_genesis_time: i64 = rongma_domain::supervision::DrandChainConfig::quicknet().genesis_time,
        /// Seconds between its rounds.
        drand_period_secs: u32 = 3,
    }
}

/// All settings, one field per `[section]` of `rongma.toml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
    pub transparency: TransparencySettings,
    pub supervision: SupervisionSettings,
}

/// The sections in the order of [`Settings`]: name and keys.
pub const SECTIONS: &[(&str, &[Key])] = &[
    ("server", ServerSettings::KEYS),
    ("database", DatabaseSettings::KEYS),
    ("storage", StorageSettings::KEYS),
    ("security", SecuritySettings::KEYS),
    ("certificates", CertificateSettings::KEYS),
    ("grading", GradingSettings::KEYS),
    ("codes", CodeSettings::KEYS),
    ("complaints", ComplaintSettings::KEYS),
    ("scans", ScanSettings::KEYS),
    ("transparency", TransparencySettings::KEYS),
    ("supervision", SupervisionSettings::KEYS),
];

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
        let t = &self.transparency;
        if t.checkpoint_interval_ms == 0
            || rongma_tlog::LogSigner::from_seed(&t.origin, &[0; 32]).is_err()
        {
            return Err(ConfigError(
                "transparency.checkpoint_interval_ms must be at least 1 and transparency.origin a name without spaces or '+'".into(),
            ));
        }
        for (i, w) in t.witnesses.iter().enumerate() {
            rongma_tlog::WitnessVerifier::parse(w)
                .map_err(|e| ConfigError(format!("transparency.witnesses[{i}]: {e}")))?;
        }
        self.supervision
            .cascade_policy()
            .map_err(|e| ConfigError(format!("supervision.{e}")))?;
        self.supervision
            .drand_chain()
            .map_err(|e| ConfigError(format!("supervision.drand_*: {e}")))?;
        let sec = &self.security;
        if sec.login_failures_per_account_network == 0
            || sec.login_failures_per_network == 0
            || sec.login_failures_per_account == 0
            || sec.login_lock_minutes == 0
            || s.pin_burst_per_tag == 0
        {
            return Err(ConfigError(
                "security.login_failures_* and login_lock_minutes and scans.pin_burst_per_tag must be at least 1".into(),
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
        crate::client_ip::TrustedProxies::parse(&self.server.trusted_proxies)
            .map_err(ConfigError)?;
        if let Some(h) = &self.server.client_ip_header {
            if !h.eq_ignore_ascii_case("x-forwarded-for")
                && !h.eq_ignore_ascii_case("forwarded")
                && !h.eq_ignore_ascii_case("x-real-ip")
            {
                return Err(ConfigError(format!(
                    "server.client_ip_header {h:?} must be X-Forwarded-For, Forwarded or X-Real-IP"
                )));
            }
            if self.server.trusted_proxies.is_empty() {
                return Err(ConfigError(
                    "server.client_ip_header needs server.trusted_proxies: the header is believed only from them".into(),
                ));
            }
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

/// A commented example configuration (`rongma default-config`): every section and key
/// with its documentation and default, from the declarations above. No secrets in it.
pub fn example_config() -> String {
    let defaults = toml::Value::try_from(Settings::default()).unwrap_or(toml::Value::Integer(0));
    let mut out = String::from(
        "# rongma configuration. Every key is optional; these are the defaults.\n\
         # Each key can also be set in the environment: RONGMA_<SECTION>__<KEY>, e.g.\n\
         #   RONGMA_DATABASE__URL=postgres://rongma@db.example/rongma\n",
    );
    for (section, keys) in SECTIONS {
        out.push_str(&format!("\n[{section}]\n"));
        for key in *keys {
            for line in key.doc {
                out.push('#');
                out.push_str(line);
                out.push('\n');
            }
            match defaults.get(section).and_then(|s| s.get(key.name)) {
                Some(v) => out.push_str(&format!("{} = {v}\n", key.name)),
                None => out.push_str(&format!(
                    "# {} = {}\n",
                    key.name,
                    key.example.unwrap_or("\"\"")
                )),
            }
        }
    }
    out
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
    fn every_key_is_documented_and_in_the_example() {
        let example = example_config();
        let defaults = toml::Value::try_from(Settings::default()).unwrap();
        let sections = defaults.as_table().unwrap();
        assert_eq!(
            sections.len(),
            SECTIONS.len(),
            "a section is missing from SECTIONS"
        );
        for (section, keys) in SECTIONS {
            assert!(example.contains(&format!("[{section}]")), "{section}");
            for key in *keys {
                assert!(
                    !key.doc.is_empty(),
                    "{section}.{} has no documentation",
                    key.name
                );
                assert!(
                    example.contains(&format!("{} = ", key.name)),
                    "{section}.{} is not in the example",
                    key.name
                );
            }
            // Every serialised key is declared (none is missing from KEYS).
            for name in sections[*section].as_table().unwrap().keys() {
                assert!(
                    keys.iter().any(|k| k.name == name),
                    "{section}.{name} has no declaration"
                );
            }
        }
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
