//! The grading workflow: lab reports (typed, with their PDF, imported from a sheet), the
//! enterprise's applications, the reviewer's decisions, certificates and their states,
//! and the public list of graded products.

use super::{with_query, Upload};
use crate::{Response, TestApp};
use serde_json::{json, Value};

impl TestApp {
    /// A lab submits a report (`POST /api/v1/reports`).
    pub async fn submit_report(&self, token: Option<&str>, report: &Value) -> Response {
        self.post("/api/v1/reports", token, report).await
    }

    /// A report with its original PDF (multipart `report` and `pdf`).
    pub async fn submit_report_with_pdf(
        &self,
        token: Option<&str>,
        report: &Value,
        pdf: Upload,
    ) -> Response {
        self.post_multipart(
            "/api/v1/reports/with-pdf",
            token,
            &[("report", report.to_string())],
            vec![("pdf", pdf)],
        )
        .await
    }

    /// A spreadsheet of reports (multipart `file`), imported whole or not at all.
    pub async fn import_reports(&self, token: Option<&str>, file: Upload) -> Response {
        self.post_multipart("/api/v1/reports/import", token, &[], vec![("file", file)])
            .await
    }

    /// The import template (a CSV header line).
    pub async fn report_template(&self) -> Response {
        self.get("/api/v1/reports/template", None).await
    }

    pub async fn get_report(&self, token: Option<&str>, id: i64) -> Response {
        self.get(&format!("/api/v1/reports/{id}"), token).await
    }

    /// The report's original PDF.
    pub async fn report_pdf(&self, token: Option<&str>, id: i64) -> Response {
        self.get(&format!("/api/v1/reports/{id}/pdf"), token).await
    }

    pub async fn report_history(&self, token: Option<&str>, id: i64) -> Response {
        self.get(&format!("/api/v1/reports/{id}/history"), token)
            .await
    }

    /// An enterprise applies for a grade of `product_id` on the reports named.
    pub async fn apply(
        &self,
        token: Option<&str>,
        product_id: i64,
        report_ids: &[i64],
    ) -> Response {
        let body = json!({"product_id": product_id, "report_ids": report_ids});
        self.post("/api/v1/applications", token, &body).await
    }

    /// The applications, with a query such as `status=pending`.
    pub async fn list_applications(&self, token: Option<&str>, query: &str) -> Response {
        self.get(&with_query("/api/v1/applications", query), token)
            .await
    }

    /// A reviewer's decision: `{"decision": "approve", "grade": …, "comment": …}`.
    pub async fn decide(&self, token: Option<&str>, application_id: i64, body: &Value) -> Response {
        let path = format!("/api/v1/applications/{application_id}/decision");
        self.post(&path, token, body).await
    }

    pub async fn application_history(&self, token: Option<&str>, id: i64) -> Response {
        self.get(&format!("/api/v1/applications/{id}/history"), token)
            .await
    }

    pub async fn get_certificate(&self, token: Option<&str>, id: i64) -> Response {
        self.get(&format!("/api/v1/certificates/{id}"), token).await
    }

    /// The certificates, with a query such as `expiring_within_days=60`.
    pub async fn list_certificates(&self, token: Option<&str>, query: &str) -> Response {
        self.get(&with_query("/api/v1/certificates", query), token)
            .await
    }

    /// The regulator moves a certificate: `action` is suspend, reinstate or revoke.
    pub async fn change_certificate_state(
        &self,
        token: Option<&str>,
        id: i64,
        action: &str,
        reason: &str,
    ) -> Response {
        let body = json!({"action": action, "reason": reason});
        self.post(&format!("/api/v1/certificates/{id}/state"), token, &body)
            .await
    }

    pub async fn certificate_history(&self, token: Option<&str>, id: i64) -> Response {
        self.get(&format!("/api/v1/certificates/{id}/history"), token)
            .await
    }

    /// The public list of graded products, with a query such as `grade=4A`.
    pub async fn public_products(&self, query: &str) -> Response {
        self.get(&with_query("/api/v1/public/products", query), None)
            .await
    }

    /// The public list as CSV.
    pub async fn public_products_csv(&self) -> Response {
        self.get("/api/v1/public/products.csv", None).await
    }

    /// A product's public page as JSON.
    pub async fn public_product(&self, product_id: i64) -> Response {
        self.get(&format!("/api/v1/public/products/{product_id}"), None)
            .await
    }

    /// The brands that have a graded product, offered as filters.
    pub async fn public_brands(&self) -> Response {
        self.get("/api/v1/public/brands", None).await
    }
}
