//! Names of the records a page refers to by id: the enterprises and products its rows
//! point at, looked up for exactly those ids (never "the first N of the registry"), and
//! only those the actor may see.

use crate::error::AppResult;
use crate::App;
use rongma_domain::registry::Enterprise;
use rongma_domain::roles::Actor;
use std::collections::{BTreeSet, HashMap};

impl App {
    /// Enterprise names by id, for the ids given (unknown or hidden ones are left out).
    pub async fn enterprise_names(
        &self,
        actor: &Actor,
        ids: impl IntoIterator<Item = i64>,
    ) -> AppResult<HashMap<i64, String>> {
        let ids: BTreeSet<i64> = ids.into_iter().collect();
        let mut tx = self.store().read().await?;
        let mut out = HashMap::with_capacity(ids.len());
        for e in tx
            .enterprises_by_ids(&ids.into_iter().collect::<Vec<_>>())
            .await?
        {
            if visible_owner(actor, &e) {
                out.insert(e.id, e.name);
            }
        }
        Ok(out)
    }

    /// Products as "style number name" by id, for the ids given.
    pub async fn product_labels(
        &self,
        actor: &Actor,
        ids: impl IntoIterator<Item = i64>,
    ) -> AppResult<HashMap<i64, String>> {
        let ids: BTreeSet<i64> = ids.into_iter().collect();
        let mut tx = self.store().read().await?;
        let mut out = HashMap::with_capacity(ids.len());
        for p in tx
            .products_by_ids(&ids.into_iter().collect::<Vec<_>>())
            .await?
        {
            if actor.sees_enterprise(p.enterprise_id) {
                out.insert(p.id, format!("{} {}", p.style_no, p.name));
            }
        }
        Ok(out)
    }
}

fn visible_owner(actor: &Actor, e: &Enterprise) -> bool {
    actor.sees_enterprise(e.id)
}
