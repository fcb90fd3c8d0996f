//! The `[supervision]` settings read into domain values: the cascade policy and the drand
//! chain plans may name.

use crate::config::SupervisionSettings;
use rongma_domain::supervision::{
    Action, CascadePolicy, DrandChain, DrandChainConfig, Rule, Scope,
};

fn rule(key: &str, text: &str) -> Result<Rule, String> {
    let mut words = text.split_whitespace();
    let action = match words.next() {
        Some("keep") => Action::Keep,
        Some("downgrade") => Action::Downgrade,
        Some("suspend") => Action::Suspend,
        Some("revoke") => Action::Revoke,
        _ => {
            return Err(format!(
                "{key}: expected \"<keep|downgrade|suspend|revoke> <sampled_lot|all_lots>\", got {text:?}"
            ))
        }
    };
    let scope = match (words.next(), words.next()) {
        (Some("sampled_lot"), None) => Scope::SampledLot,
        (Some("all_lots"), None) => Scope::AllLots,
        _ => {
            return Err(format!(
                "{key}: the scope must be sampled_lot or all_lots, got {text:?}"
            ))
        }
    };
    Ok(Rule { action, scope })
}

impl SupervisionSettings {
    /// The cascade policy; errors name the key.
    pub fn cascade_policy(&self) -> Result<CascadePolicy, String> {
        let raw = serde_json::json!({
            "lower_by_one": rule("lower_by_one", &self.lower_by_one)?,
            "lower_by_more": rule("lower_by_more", &self.lower_by_more)?,
            "fails_baseline": rule("fails_baseline", &self.fails_baseline)?,
            "fails_baseline_final": rule("fails_baseline_final", &self.fails_baseline_final)?,
            "objection_days": self.objection_days,
        });
        serde_json::from_value(raw).map_err(|e| e.to_string())
    }

    /// The configured drand chain.
    pub fn drand_chain(&self) -> Result<DrandChain, String> {
        DrandChainConfig {
            chain_hash: self.drand_chain_hash.clone(),
            public_key: self.drand_public_key.clone(),
            scheme: self.drand_scheme.clone(),
            genesis_time: self.drand_genesis_time,
            period_secs: self.drand_period_secs,
        }
        .to_chain()
        .map_err(|e| e.to_string())
    }
}
