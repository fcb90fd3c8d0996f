//! The history: every change appends an event (who, when, what, why) in the same
//! transaction as the change itself, so the two can never disagree.

use rongma_domain::roles::Actor;
use rongma_store::NewEvent;
use serde::Serialize;
use serde_json::{Map, Value};

/// An event by `actor` about one record.
pub(crate) struct EventBuilder<'a> {
    pub actor: &'a Actor,
    pub entity_type: &'static str,
    pub entity_id: i64,
    pub enterprise_id: Option<i64>,
}

impl EventBuilder<'_> {
    pub fn event(
        &self,
        action: &'static str,
        reason: Option<String>,
        data: Value,
        at: chrono::DateTime<chrono::Utc>,
    ) -> NewEvent {
        NewEvent {
            entity_type: self.entity_type,
            entity_id: self.entity_id,
            enterprise_id: self.enterprise_id,
            action,
            actor_kind: self.actor.kind,
            actor_id: self.actor.id,
            actor_name: self.actor.name.clone(),
            reason: reason.filter(|r| !r.trim().is_empty()),
            data,
            at,
        }
    }
}

/// What changed between two versions of a record: `{field: {"from": …, "to": …}}` for
/// each top-level field that differs (timestamps left out).
pub fn diff(before: &impl Serialize, after: &impl Serialize) -> Value {
    let (Ok(Value::Object(b)), Ok(Value::Object(a))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return Value::Null;
    };
    let mut out = Map::new();
    for (k, new) in &a {
        if matches!(k.as_str(), "updated_at" | "created_at") {
            continue;
        }
        let old = b.get(k).unwrap_or(&Value::Null);
        if old != new {
            out.insert(k.clone(), serde_json::json!({"from": old, "to": new}));
        }
    }
    Value::Object(out)
}

/// Overlays the fields present in `patch` on `base` (absent or null fields keep the base
/// value; an empty string clears an optional text).
pub fn overlay<T>(base: &T, patch: &T) -> T
where
    T: Serialize + serde::de::DeserializeOwned + Clone,
{
    let (Ok(Value::Object(mut b)), Ok(Value::Object(p))) =
        (serde_json::to_value(base), serde_json::to_value(patch))
    else {
        return patch.clone();
    };
    for (k, v) in p {
        if !v.is_null() {
            b.insert(k, v);
        }
    }
    serde_json::from_value(Value::Object(b)).unwrap_or_else(|_| patch.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
    struct D {
        a: Option<String>,
        b: Option<String>,
    }

    #[test]
    fn overlay_keeps_absent_fields() {
        let base = D {
            a: Some("1".into()),
            b: Some("2".into()),
        };
        let patch = D {
            a: None,
            b: Some(String::new()),
        };
        assert_eq!(
            overlay(&base, &patch),
            D {
                a: Some("1".into()),
                b: Some(String::new())
            }
        );
    }

    #[test]
    fn diff_lists_changed_fields_only() {
        let d = diff(
            &D {
                a: Some("1".into()),
                b: None,
            },
            &D {
                a: Some("1".into()),
                b: Some("x".into()),
            },
        );
        assert_eq!(d, serde_json::json!({"b": {"from": null, "to": "x"}}));
    }
}
