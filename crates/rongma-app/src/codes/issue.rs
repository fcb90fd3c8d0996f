//! Issuing a batch: the certificate's enterprise asks for N codes for a production lot.
//! The batch takes N numbers from the global `code_seq` counter and is stored as one row
//! (key id + range), whatever N is; the certificate's quota is a counter bumped in the
//! same transaction, so two concurrent batches cannot both slip under the cap.

use super::ENTITY;
use crate::audit::EventBuilder;
use crate::error::{AppError, AppResult};
use crate::policy::{require, Action};
use crate::App;
use rongma_domain::codes::{BatchDraft, SeqRange};
use rongma_domain::roles::Actor;
use rongma_domain::workflow::{Certificate, CertificateState};
use rongma_domain::FieldError;
use rongma_store::{certificate_quota_counter, NewCodeBatch, Tx, CODE_SEQ_COUNTER};

fn certificate_error(code: &str, en: String, zh: String) -> AppError {
    AppError::field(FieldError::new("certificate_id", code, en, zh))
}

/// The certificate codes are to carry: it exists, the actor's enterprise owns it (else
/// "no such certificate", whatever the reason) and it is active today.
async fn usable_certificate(
    tx: &mut dyn Tx,
    actor: &Actor,
    id: Option<i64>,
    today: chrono::NaiveDate,
) -> AppResult<Certificate> {
    let Some(id) = id else {
        return Err(certificate_error(
            "required",
            "certificate_id is required".into(),
            "请选择证书".into(),
        ));
    };
    let cert = match tx.get_certificate(id).await? {
        Some(c) if actor.sees_enterprise(c.enterprise_id) => c,
        _ => return Err(AppError::NotFound("certificate")),
    };
    let (code, en, zh) = match cert.state_on(today) {
        CertificateState::Active => return Ok(cert),
        CertificateState::Suspended => ("certificate_suspended", "is suspended", "已暂停"),
        CertificateState::Revoked => ("certificate_revoked", "is revoked", "已撤销"),
        CertificateState::Expired => ("certificate_expired", "has expired", "已过期"),
        CertificateState::Superseded => (
            "certificate_superseded",
            "was superseded by a regrade (use the current certificate)",
            "已被新版本取代（请使用现行证书）",
        ),
    };
    Err(certificate_error(
        code,
        format!(
            "certificate {} {en}: no codes can be issued on it",
            cert.number
        ),
        format!("证书 {} {zh}，不能签发标识码", cert.number),
    ))
}

impl App {
    /// Issues a batch of codes on a certificate. Quantity 0 or over a cap, an unknown,
    /// inactive or foreign certificate, and bad lot/date/size fields are refused with
    /// nothing written.
    #[tracing::instrument(skip_all, err)]
    pub async fn issue_batch(
        &self,
        actor: &Actor,
        draft: BatchDraft,
    ) -> AppResult<super::BatchDetail> {
        require(actor, Action::IssueCodes)?;
        let settings = &self.settings().codes;
        let now = self.now();
        let today = now.date_naive();
        let mut tx = self.store().begin().await?;
        let cert = usable_certificate(&mut *tx, actor, draft.certificate_id, today).await?;
        let product = tx
            .get_product(cert.product_id)
            .await?
            .ok_or(AppError::NotFound("product"))?;
        let fields = draft.validate(&product, today, settings.max_per_batch)?;

        let quota = certificate_quota_counter(cert.id);
        let n = i64::try_from(fields.quantity).map_err(AppError::internal)?;
        let on_certificate = tx.bump_counter(&quota, n).await?;
        let cap = settings.max_per_certificate;
        if u64::try_from(on_certificate).unwrap_or(u64::MAX) > cap {
            let before = on_certificate - n;
            return Err(AppError::field(FieldError::new(
                "quantity",
                "over_certificate_cap",
                format!(
                    "certificate {} may carry at most {cap} codes; {before} are issued, so at most {} more",
                    cert.number,
                    cap.saturating_sub(u64::try_from(before).unwrap_or(0))
                ),
                format!(
                    "证书 {} 最多可签发 {cap} 个标识码，已签发 {before} 个，最多还可签发 {} 个",
                    cert.number,
                    cap.saturating_sub(u64::try_from(before).unwrap_or(0))
                ),
            )));
        }
        let end = tx.bump_counter(CODE_SEQ_COUNTER, n).await?;
        let range = SeqRange::new(
            u64::try_from(end - n).map_err(AppError::internal)?,
            fields.quantity,
        )
        .map_err(|e| AppError::InvalidState(format!("the serial space is exhausted: {e}")))?;
        let batch = NewCodeBatch {
            enterprise_id: cert.enterprise_id,
            certificate_id: cert.id,
            product_id: product.id,
            key_id: self.code_keys().current(),
            range,
            lot_no: fields.lot_no,
            production_date: fields.production_date,
            sizes: fields.sizes,
            gtin: fields.gtin,
            created_by: actor.name.clone(),
        };
        let id = tx.insert_batch(&batch, now).await?;
        let stored = tx
            .get_batch(id)
            .await?
            .ok_or(AppError::NotFound("code batch"))?;
        let detail = self.batch_detail(&mut *tx, stored).await?;
        let ev = EventBuilder {
            actor,
            entity_type: ENTITY,
            entity_id: id,
            enterprise_id: Some(cert.enterprise_id),
        };
        let (first_serial, last_serial) =
            super::range_serials(self.code_keys(), batch.key_id, batch.range)?;
        let facts = serde_json::json!({
            "batch_id": id,
            "certificate_id": cert.id,
            "certificate_number": cert.number,
            "product_id": product.id,
            "enterprise_id": cert.enterprise_id,
            "key_id": batch.key_id.to_string(),
            "first_seq": batch.range.start().get(),
            "quantity": fields.quantity,
            "first_serial": first_serial,
            "last_serial": last_serial,
            "lot_no": batch.lot_no,
            "production_date": batch.production_date,
            "sizes": batch.sizes,
            "gtin": batch.gtin,
        });
        crate::tlog::append_decision(
            &mut *tx,
            "code_batch.issued",
            &crate::tlog::batch_subject(id),
            facts,
            now,
        )
        .await?;
        let data = serde_json::to_value(&detail.batch).unwrap_or_default();
        tx.append_event(&ev.event("issued", None, data, now))
            .await?;
        tx.commit().await?;
        tracing::info!(
            batch.id = id,
            certificate.id = cert.id,
            count = fields.quantity,
            key = %batch.key_id,
            "issued code batch"
        );
        Ok(detail)
    }
}
