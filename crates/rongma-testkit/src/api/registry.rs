//! The registry's four kinds share their routes (list, create, read, update, archive,
//! restore, history), so each helper takes the [`Kind`]; `create_product` and friends
//! name the kind for the common cases.

use super::with_query;
use crate::{Response, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

/// A kind of registry record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Enterprise,
    Brand,
    Product,
    Lab,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Enterprise, Kind::Brand, Kind::Product, Kind::Lab];

    fn collection(self) -> &'static str {
        match self {
            Kind::Enterprise => "/api/v1/enterprises",
            Kind::Brand => "/api/v1/brands",
            Kind::Product => "/api/v1/products",
            Kind::Lab => "/api/v1/labs",
        }
    }

    fn record(self, id: i64) -> String {
        format!("{}/{id}", self.collection())
    }
}

impl TestApp {
    /// `GET` the list of `kind`, with a query string such as `include_archived=true`
    /// (empty for none).
    pub async fn list(&self, kind: Kind, token: Option<&str>, query: &str) -> Response {
        self.get(&with_query(kind.collection(), query), token).await
    }

    pub async fn create(&self, kind: Kind, token: Option<&str>, body: &Value) -> Response {
        self.post(kind.collection(), token, body).await
    }

    pub async fn read(&self, kind: Kind, token: Option<&str>, id: i64) -> Response {
        self.get(&kind.record(id), token).await
    }

    /// `PATCH`: the fields in `body` change, the others stay.
    pub async fn update(&self, kind: Kind, token: Option<&str>, id: i64, body: &Value) -> Response {
        self.send(Method::PATCH, &kind.record(id), token, Some(body))
            .await
    }

    /// `DELETE` archives; with a reason, the history records it.
    pub async fn archive(
        &self,
        kind: Kind,
        token: Option<&str>,
        id: i64,
        reason: Option<&str>,
    ) -> Response {
        let body = reason.map(|r| json!({"reason": r}));
        self.send(Method::DELETE, &kind.record(id), token, body.as_ref())
            .await
    }

    pub async fn history(&self, kind: Kind, token: Option<&str>, id: i64) -> Response {
        self.get(&format!("{}/history", kind.record(id)), token)
            .await
    }

    pub async fn create_enterprise(&self, token: Option<&str>, body: &Value) -> Response {
        self.create(Kind::Enterprise, token, body).await
    }

    pub async fn create_brand(&self, token: Option<&str>, body: &Value) -> Response {
        self.create(Kind::Brand, token, body).await
    }

    pub async fn create_product(&self, token: Option<&str>, body: &Value) -> Response {
        self.create(Kind::Product, token, body).await
    }

    pub async fn create_lab(&self, token: Option<&str>, body: &Value) -> Response {
        self.create(Kind::Lab, token, body).await
    }

    pub async fn list_products(&self, token: Option<&str>, query: &str) -> Response {
        self.list(Kind::Product, token, query).await
    }

    pub async fn update_product(&self, token: Option<&str>, id: i64, body: &Value) -> Response {
        self.update(Kind::Product, token, id, body).await
    }
}
