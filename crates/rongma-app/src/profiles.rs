//! Grading profiles in the system. The built-in default is loaded on first use; the
//! regulator loads further profiles (the real table, a revision) as TOML and activates one
//! version per profile id. Applications are graded with the active version of the
//! configured profile id, and record which one it was.

use crate::audit::EventBuilder;
use crate::error::{AppError, AppResult};
use crate::policy::{require, Action};
use crate::App;
use rongma_domain::grading::{Profile, ProfileError};
use rongma_domain::roles::Actor;
use rongma_domain::FieldError;
use rongma_store::ProfileRecord;
use serde::Serialize;
use std::sync::Arc;

/// A profile as listed: identity, state and who loaded it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfileInfo {
    pub id: String,
    pub version: String,
    pub hash: String,
    pub name_zh: String,
    pub name_en: String,
    pub active: bool,
    pub loaded_by: String,
    pub loaded_at: chrono::DateTime<chrono::Utc>,
}

/// Profiles parsed once and kept: the active one, and every version asked for since.
#[derive(Default)]
pub(crate) struct ProfileCache {
    active: tokio::sync::RwLock<Option<Arc<Profile>>>,
    by_version: std::sync::Mutex<std::collections::HashMap<(String, String), Arc<Profile>>>,
}

fn parse(record: &ProfileRecord) -> AppResult<Profile> {
    Profile::from_toml_str(&record.source).map_err(|e| {
        AppError::Internal(
            format!(
                "stored profile {} {} no longer parses: {e}",
                record.profile_id, record.version
            )
            .into(),
        )
    })
}

fn info(r: &ProfileRecord) -> ProfileInfo {
    let (zh, en) = Profile::from_toml_str(&r.source)
        .map(|p| (p.name().zh().to_owned(), p.name().en().to_owned()))
        .unwrap_or_default();
    ProfileInfo {
        id: r.profile_id.clone(),
        version: r.version.clone(),
        hash: r.hash.clone(),
        name_zh: zh,
        name_en: en,
        active: r.active,
        loaded_by: r.loaded_by.clone(),
        loaded_at: r.loaded_at,
    }
}

/// The log leaf of a profile version becoming the active one.
async fn activated_leaf(
    tx: &mut dyn rongma_store::Tx,
    id: &str,
    version: &str,
    hash: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> AppResult<u64> {
    crate::tlog::append_decision(
        tx,
        "grading_profile.activated",
        &crate::tlog::profile_subject(id),
        serde_json::json!({"id": id, "version": version, "hash": hash}),
        at,
    )
    .await
}

impl App {
    /// The profile new applications are graded with.
    pub async fn current_profile(&self) -> AppResult<Arc<Profile>> {
        if let Some(p) = self.inner.profiles.active.read().await.clone() {
            return Ok(p);
        }
        let mut slot = self.inner.profiles.active.write().await;
        if let Some(p) = slot.clone() {
            return Ok(p);
        }
        let wanted = self.settings().grading.profile_id.clone();
        let mut tx = self.store().begin().await?;
        let records = tx.list_profiles().await?;
        let record = match records.iter().find(|r| r.profile_id == wanted && r.active) {
            Some(r) => r.clone(),
            None => {
                let builtin = Profile::builtin_default();
                if builtin.id() != wanted {
                    return Err(AppError::Internal(
                        format!("no active grading profile {wanted:?} is loaded").into(),
                    ));
                }
                let record = ProfileRecord {
                    profile_id: builtin.id().to_owned(),
                    version: builtin.version().to_owned(),
                    hash: builtin.hash().to_owned(),
                    source: Profile::builtin_default_toml().to_owned(),
                    active: true,
                    loaded_by: "system".into(),
                    loaded_at: self.now(),
                };
                if !records
                    .iter()
                    .any(|r| r.profile_id == record.profile_id && r.version == record.version)
                {
                    tx.insert_profile(&record).await?;
                }
                tx.activate_profile(&record.profile_id, &record.version)
                    .await?;
                activated_leaf(
                    &mut *tx,
                    &record.profile_id,
                    &record.version,
                    &record.hash,
                    record.loaded_at,
                )
                .await?;
                tx.commit().await?;
                record
            }
        };
        let profile = Arc::new(parse(&record)?);
        *slot = Some(profile.clone());
        Ok(profile)
    }

    /// The profile to check a product's declared values against, without side effects:
    /// the active one, or — before any grading has loaded one — the built-in default that
    /// the first grading would activate (read, not activated, so registering a product
    /// writes no profile decision).
    pub async fn scope_profile(&self) -> AppResult<Arc<Profile>> {
        if let Some(p) = self.inner.profiles.active.read().await.clone() {
            return Ok(p);
        }
        let wanted = self.settings().grading.profile_id.clone();
        let records = self.store().read().await?.list_profiles().await?;
        if records.iter().any(|r| r.profile_id == wanted && r.active) {
            return self.current_profile().await;
        }
        // Parsing and hashing the built-in file costs more than grading: done once.
        static BUILTIN: std::sync::OnceLock<Arc<Profile>> = std::sync::OnceLock::new();
        let builtin = BUILTIN.get_or_init(|| Arc::new(Profile::builtin_default()));
        if builtin.id() == wanted {
            Ok(builtin.clone())
        } else {
            self.current_profile().await
        }
    }

    /// A stored profile version (for re-reading old results).
    pub async fn profile_version(&self, id: &str, version: &str) -> AppResult<Arc<Profile>> {
        let key = (id.to_owned(), version.to_owned());
        if let Some(p) = self
            .inner
            .profiles
            .by_version
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
        {
            return Ok(p.clone());
        }
        self.current_profile().await?;
        let record = self
            .store()
            .read()
            .await?
            .get_profile(id, version)
            .await?
            .ok_or(AppError::NotFound("grading profile"))?;
        let p = Arc::new(parse(&record)?);
        self.inner
            .profiles
            .by_version
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, p.clone());
        Ok(p)
    }

    /// Every loaded profile version (public: profiles are the published rules).
    pub async fn list_profiles(&self) -> AppResult<Vec<ProfileInfo>> {
        self.current_profile().await?;
        let records = self.store().read().await?.list_profiles().await?;
        Ok(records.iter().map(info).collect())
    }

    /// One profile version's listing and its file.
    pub async fn get_profile(&self, id: &str, version: &str) -> AppResult<(ProfileInfo, String)> {
        self.current_profile().await?;
        let r = self
            .store()
            .read()
            .await?
            .get_profile(id, version)
            .await?
            .ok_or(AppError::NotFound("grading profile"))?;
        Ok((info(&r), r.source))
    }

    /// Loads a profile file (regulator). It is validated; every problem is reported with
    /// its place. It becomes active only when `activate` is set.
    #[tracing::instrument(skip_all, err)]
    pub async fn load_profile(
        &self,
        actor: &Actor,
        source: &str,
        activate: bool,
    ) -> AppResult<ProfileInfo> {
        require(actor, Action::ManageProfiles)?;
        let profile = Profile::from_toml_str(source).map_err(|e| match e {
            ProfileError::Syntax(m) => AppError::field(FieldError::new(
                "profile",
                "syntax",
                m.clone(),
                format!("分级方案文件格式错误：{m}"),
            )),
            ProfileError::Invalid(issues) => AppError::Validation(rongma_domain::FieldErrors(
                issues
                    .into_iter()
                    .map(|i| {
                        FieldError::new(
                            i.place.clone(),
                            "invalid_profile",
                            i.message.clone(),
                            format!("{}：{}", i.place, i.message),
                        )
                    })
                    .collect(),
            )),
        })?;
        self.current_profile().await?;
        let now = self.now();
        let record = ProfileRecord {
            profile_id: profile.id().to_owned(),
            version: profile.version().to_owned(),
            hash: profile.hash().to_owned(),
            source: source.to_owned(),
            active: false,
            loaded_by: actor.name.clone(),
            loaded_at: now,
        };
        let mut tx = self.store().begin().await?;
        tx.insert_profile(&record).await?;
        let ev = EventBuilder {
            actor,
            entity_type: "grading_profile",
            entity_id: 0,
            enterprise_id: None,
        };
        tx.append_event(&ev.event("loaded", None, serde_json::json!({"id": record.profile_id, "version": record.version, "hash": record.hash}), now))
            .await?;
        if activate {
            tx.activate_profile(&record.profile_id, &record.version)
                .await?;
            activated_leaf(
                &mut *tx,
                &record.profile_id,
                &record.version,
                &record.hash,
                now,
            )
            .await?;
            tx.append_event(&ev.event(
                "activated",
                None,
                serde_json::json!({"id": record.profile_id, "version": record.version}),
                now,
            ))
            .await?;
        }
        tx.commit().await?;
        *self.inner.profiles.active.write().await = None;
        let mut info = info(&record);
        info.active = activate;
        tracing::info!(profile.id = %info.id, profile.version = %info.version, activate, "loaded grading profile");
        Ok(info)
    }

    /// Makes a loaded version the active one of its profile id (regulator).
    pub async fn activate_profile(&self, actor: &Actor, id: &str, version: &str) -> AppResult<()> {
        require(actor, Action::ManageProfiles)?;
        let mut tx = self.store().begin().await?;
        if !tx.activate_profile(id, version).await? {
            return Err(AppError::NotFound("grading profile"));
        }
        let hash = tx
            .get_profile(id, version)
            .await?
            .map(|r| r.hash)
            .ok_or(AppError::NotFound("grading profile"))?;
        activated_leaf(&mut *tx, id, version, &hash, self.now()).await?;
        let ev = EventBuilder {
            actor,
            entity_type: "grading_profile",
            entity_id: 0,
            enterprise_id: None,
        };
        tx.append_event(&ev.event(
            "activated",
            None,
            serde_json::json!({"id": id, "version": version}),
            self.now(),
        ))
        .await?;
        tx.commit().await?;
        *self.inner.profiles.active.write().await = None;
        Ok(())
    }
}
