//! The tag preview: the batch's first tag as PNG, for the web page a phone can show.
//! Its PIN is the sample 0000 0000 — a preview must not leak a real PIN, so it is not an
//! export and is not recorded.

use super::tags::tag_parts;
use super::{batch_urls, visible_batch};
use crate::error::{AppError, AppResult};
use crate::policy::{require, Action};
use crate::App;
use rongma_domain::codes::Pin;
use rongma_domain::roles::Actor;
use rongma_label::{TagCodes, TagLayout, TagTemplate};

/// Resolution of previews: sharp on phone screens, ~70 KB.
const PREVIEW_DPI: f32 = 300.0;

impl App {
    /// The first tag of a batch as PNG, with a sample PIN.
    #[tracing::instrument(skip_all, err)]
    pub async fn preview_tag(&self, actor: &Actor, batch_id: i64) -> AppResult<Vec<u8>> {
        require(actor, Action::ReadCodes)?;
        let mut tx = self.store().read().await?;
        let batch = visible_batch(&mut *tx, actor, batch_id).await?;
        let cert = tx
            .get_certificate(batch.certificate_id)
            .await?
            .ok_or(AppError::NotFound("certificate"))?;
        let product = tx
            .get_product(batch.product_id)
            .await?
            .ok_or(AppError::NotFound("product"))?;
        let brand = tx
            .get_brand(product.brand_id)
            .await?
            .ok_or(AppError::NotFound("brand"))?;
        let adjustment = tx
            .get_application(cert.application_id)
            .await?
            .and_then(|a| a.adjustment());
        drop(tx);
        let part = tag_parts(&batch, &product, &brand, &cert, adjustment.as_ref())?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound("tag"))?;
        let layout = TagLayout {
            width_mm: self.settings().codes.tag_width_mm,
            height_mm: self.settings().codes.tag_height_mm,
            ..TagLayout::default()
        };
        let serial = super::serial_at(self.code_keys(), batch.key_id, batch.range.start())?;
        let codes = TagCodes {
            serial,
            url: batch_urls(self, &batch)?.url(&serial),
            pin: Some(Pin::parse("00000000").map_err(AppError::internal)?),
        };
        // Rasterising takes tens of milliseconds: keep it off the async executor.
        tokio::task::spawn_blocking(move || {
            TagTemplate::new(&part.data, &layout)
                .and_then(|t| t.png(&codes, PREVIEW_DPI))
                .map_err(AppError::internal)
        })
        .await
        .map_err(AppError::internal)?
    }
}
