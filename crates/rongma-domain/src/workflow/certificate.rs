//! Certificate states: active, suspended, revoked, expired, and superseded when the
//! product is regraded. Revoked, expired and superseded are final.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CertificateState {
    Active,
    Suspended,
    Revoked,
    Expired,
    /// Replaced by a newer certificate version of the same product.
    Superseded,
}

/// What someone (or the clock) does to a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CertificateAction {
    Suspend,
    Reinstate,
    Revoke,
    Expire,
    Supersede,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a {from} certificate cannot be {action}")]
pub struct IllegalTransition {
    pub from: CertificateState,
    pub action: CertificateAction,
}

impl CertificateState {
    pub const ALL: [CertificateState; 5] = [
        Self::Active,
        Self::Suspended,
        Self::Revoked,
        Self::Expired,
        Self::Superseded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Suspended => "suspended",
            Self::Revoked => "revoked",
            Self::Expired => "expired",
            Self::Superseded => "superseded",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Active => "有效",
            Self::Suspended => "暂停",
            Self::Revoked => "撤销",
            Self::Expired => "过期",
            Self::Superseded => "已更新版本",
        }
    }

    pub fn is_final(self) -> bool {
        matches!(self, Self::Revoked | Self::Expired | Self::Superseded)
    }

    /// The state after `action`, or why it is not allowed.
    pub fn apply(self, action: CertificateAction) -> Result<CertificateState, IllegalTransition> {
        use CertificateAction::*;
        use CertificateState::*;
        let next = match (self, action) {
            (Active, Suspend) => Suspended,
            (Suspended, Reinstate) => Active,
            (Active | Suspended, Revoke) => Revoked,
            (Active | Suspended, Expire) => Expired,
            (Active | Suspended, Supersede) => Superseded,
            _ => return Err(IllegalTransition { from: self, action }),
        };
        Ok(next)
    }
}

impl fmt::Display for CertificateState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl CertificateAction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Suspend => "suspended",
            Self::Reinstate => "reinstated",
            Self::Revoke => "revoked",
            Self::Expire => "expired",
            Self::Supersede => "superseded",
        }
    }
}

impl fmt::Display for CertificateAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::CertificateAction::*;
    use super::CertificateState::*;

    #[test]
    fn every_state_and_action() {
        let table = [
            (Active, Suspend, Some(Suspended)),
            (Active, Reinstate, None),
            (Active, Revoke, Some(Revoked)),
            (Active, Expire, Some(Expired)),
            (Active, Supersede, Some(Superseded)),
            (Suspended, Suspend, None),
            (Suspended, Reinstate, Some(Active)),
            (Suspended, Revoke, Some(Revoked)),
            (Suspended, Expire, Some(Expired)),
            (Suspended, Supersede, Some(Superseded)),
        ];
        for (from, action, to) in table {
            assert_eq!(from.apply(action).ok(), to, "{from} + {action}");
        }
        for from in [Revoked, Expired, Superseded] {
            for action in [Suspend, Reinstate, Revoke, Expire, Supersede] {
                let e = from.apply(action).unwrap_err();
                assert_eq!(
                    e.to_string(),
                    format!("a {from} certificate cannot be {action}")
                );
            }
        }
    }
}
