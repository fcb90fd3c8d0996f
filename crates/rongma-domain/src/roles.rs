//! Who is acting, and what each role may do. Authorisation is decided here, as data and
//! pure functions, so the app layer applies the same rules to every route (web, API, CLI).

use serde::{Deserialize, Serialize};
use std::fmt;

/// The roles of rongma's users and API clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 市场监管局: keeps the registry, supervises, suspends and revokes.
    Regulator,
    /// 质量促进中心: reviews grading applications.
    Reviewer,
    /// 执法检查员: samples jackets in the market.
    Inspector,
    /// A user of one enterprise.
    Enterprise,
    /// A user (or API client) of one lab.
    Lab,
    /// An e-commerce platform's API client.
    Platform,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Self::Regulator,
        Self::Reviewer,
        Self::Inspector,
        Self::Enterprise,
        Self::Lab,
        Self::Platform,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Regulator => "regulator",
            Self::Reviewer => "reviewer",
            Self::Inspector => "inspector",
            Self::Enterprise => "enterprise",
            Self::Lab => "lab",
            Self::Platform => "platform",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Regulator => "监管人员",
            Self::Reviewer => "评审人员",
            Self::Inspector => "检查员",
            Self::Enterprise => "企业用户",
            Self::Lab => "检测机构用户",
            Self::Platform => "电商平台",
        }
    }

    /// Staff of the authorities see every enterprise's records.
    pub fn is_staff(self) -> bool {
        matches!(self, Self::Regulator | Self::Reviewer | Self::Inspector)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of principal is acting; recorded in the history with its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    User,
    ApiKey,
    /// The system itself (expiry, demo seeding, CLI administration).
    System,
}

impl ActorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::ApiKey => "api_key",
            Self::System => "system",
        }
    }
}

/// An authenticated principal. Enterprise users are bound to one enterprise and lab
/// users (and lab API keys) to one lab; the binding is part of every decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub kind: ActorKind,
    pub id: i64,
    /// Username or API key name, for the history.
    pub name: String,
    pub role: Role,
    pub enterprise_id: Option<i64>,
    pub lab_id: Option<i64>,
}

impl Actor {
    /// The system actor used by the CLI, jobs and demo seeding.
    pub fn system(name: &str) -> Self {
        Self {
            kind: ActorKind::System,
            id: 0,
            name: name.to_owned(),
            role: Role::Regulator,
            enterprise_id: None,
            lab_id: None,
        }
    }

    /// Which enterprise's records this actor is confined to; `None` means it may see all
    /// enterprises it has access to at all (staff).
    pub fn enterprise_scope(&self) -> Scope {
        match self.role {
            Role::Enterprise => Scope::Only(self.enterprise_id.unwrap_or(-1)),
            _ => Scope::All,
        }
    }

    /// Whether the actor may see records owned by `enterprise_id`.
    pub fn sees_enterprise(&self, enterprise_id: i64) -> bool {
        match self.enterprise_scope() {
            Scope::All => true,
            Scope::Only(own) => own == enterprise_id,
        }
    }
}

/// A confinement of queries to one owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    Only(i64),
}

impl Scope {
    pub fn id(self) -> Option<i64> {
        match self {
            Self::All => None,
            Self::Only(id) => Some(id),
        }
    }
}

/// Registry operations, for the authorisation table below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistryAction {
    Read,
    Create,
    Update,
    Archive,
}

/// The registry kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistryKind {
    Enterprise,
    Brand,
    Product,
    Lab,
}

/// Whether `role` may perform `action` on `kind` at all; ownership (an enterprise user's
/// own enterprise) is checked separately with [`Actor::sees_enterprise`].
///
/// | kind | read | create | update | archive |
/// |---|---|---|---|---|
/// | enterprise | staff, lab, own enterprise | regulator | regulator, own enterprise | regulator |
/// | brand, product | staff, lab, own enterprise | regulator, own enterprise | regulator, own enterprise | regulator, own enterprise |
/// | lab | staff, lab, enterprise | regulator | regulator | regulator |
///
/// Platforms use the public API only.
pub fn registry_allows(role: Role, kind: RegistryKind, action: RegistryAction) -> bool {
    use RegistryAction::*;
    use RegistryKind::*;
    match (role, action) {
        (Role::Platform, _) => false,
        (_, Read) => true,
        (Role::Regulator, _) => true,
        (Role::Enterprise, _) => match kind {
            Enterprise => action == Update,
            Brand | Product => true,
            Lab => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("admin"), None);
    }

    #[test]
    fn enterprise_scope_is_own_only() {
        let a = Actor {
            kind: ActorKind::User,
            id: 5,
            name: "e".into(),
            role: Role::Enterprise,
            enterprise_id: Some(3),
            lab_id: None,
        };
        assert!(a.sees_enterprise(3));
        assert!(!a.sees_enterprise(4));
        // A mis-provisioned enterprise user without an enterprise sees nothing.
        let lost = Actor {
            enterprise_id: None,
            ..a
        };
        assert!(!lost.sees_enterprise(3));
    }

    #[test]
    fn table_spot_checks() {
        use RegistryAction::*;
        use RegistryKind::*;
        assert!(registry_allows(Role::Regulator, Lab, Create));
        assert!(!registry_allows(Role::Enterprise, Lab, Create));
        assert!(!registry_allows(Role::Enterprise, Enterprise, Create));
        assert!(registry_allows(Role::Enterprise, Enterprise, Update));
        assert!(registry_allows(Role::Enterprise, Product, Create));
        assert!(!registry_allows(Role::Reviewer, Product, Create));
        assert!(registry_allows(Role::Inspector, Product, Read));
        assert!(!registry_allows(Role::Platform, Product, Read));
        assert!(!registry_allows(Role::Lab, Brand, Update));
    }
}
