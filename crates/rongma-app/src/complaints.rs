//! Consumer complaints (消费维权). A consumer files one about the jacket whose tag they
//! scanned, gets a ticket number and a private key to follow it; the regulator decides
//! whether to accept it (within N working days), may assign it, and closes it with an
//! outcome (within M days); the enterprise sees complaints about its products and answers.
//! Staff see the phone number masked. Every step is in the history.

use crate::audit::EventBuilder;
use crate::auth::{random_token, sha256_hex, Throttle};
use crate::error::{AppError, AppResult};
use crate::policy::{may, require, Action};
use crate::reports::Upload;
use crate::App;
use chrono::NaiveDate;
use rongma_domain::registry::text::required;
use rongma_domain::roles::{Actor, ActorKind, Role};
use rongma_domain::workflow::{
    add_working_days, mask_phone, parse_phone, ComplaintAction, ComplaintCategory, ComplaintStatus,
};
use rongma_domain::{FieldError, FieldErrors};
use rongma_store::{Complaint, ComplaintQuery, ComplaintUpdate, Event, NewComplaint, Page, Tx};
use serde::{Deserialize, Serialize};

/// What a consumer sends.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplaintInput {
    /// The serial on the tag (as scanned or typed).
    pub serial: Option<String>,
    /// grade_doubt | fill_weight | down_leakage | counterfeit | other
    pub category: Option<String>,
    pub description: Option<String>,
    /// Optional; staff only ever see it masked.
    pub phone: Option<String>,
}

/// Filters of the complaint queue.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ComplaintFilter {
    /// received | accepted | not_accepted | closed
    pub status: Option<String>,
    /// grade_doubt | fill_weight | down_leakage | counterfeit | other
    pub category: Option<String>,
    pub enterprise_id: Option<i64>,
    /// Only open complaints past a deadline.
    pub overdue: Option<bool>,
    /// Only those assigned to the caller ("my cases").
    pub mine: Option<bool>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// Shown once to the consumer who filed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FiledComplaint {
    pub ticket_no: String,
    /// Private key to follow the ticket: `/t/{ticket_no}?key={key}`.
    pub key: String,
    pub accept_due: NaiveDate,
}

/// A complaint as staff and the enterprise see it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplaintView {
    pub id: i64,
    pub ticket_no: String,
    pub serial: String,
    pub genuine: bool,
    pub batch_id: Option<i64>,
    pub product_id: Option<i64>,
    pub enterprise_id: Option<i64>,
    pub category: ComplaintCategory,
    pub description: String,
    pub has_photo: bool,
    /// Masked, e.g. `138****8000`.
    pub phone: Option<String>,
    pub status: ComplaintStatus,
    pub accept_due: NaiveDate,
    pub close_due: NaiveDate,
    /// An open complaint past a deadline today.
    pub overdue: bool,
    pub assigned_to: Option<String>,
    pub decision_note: Option<String>,
    pub enterprise_response: Option<String>,
    pub outcome: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// What the consumer sees when following a ticket.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketView {
    pub ticket_no: String,
    pub serial: String,
    pub category: ComplaintCategory,
    pub description: String,
    pub status: ComplaintStatus,
    pub accept_due: NaiveDate,
    pub close_due: NaiveDate,
    pub decision_note: Option<String>,
    pub enterprise_response: Option<String>,
    pub outcome: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// The steps so far (no staff names).
    pub steps: Vec<TicketStep>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketStep {
    pub at: chrono::DateTime<chrono::Utc>,
    pub action: String,
}

fn view(sealer: &crate::sealed::Sealer, c: Complaint, today: NaiveDate) -> ComplaintView {
    // Opened only to be masked: nobody is shown the full number.
    let phone = c.phone.as_deref().map(|p| {
        sealer
            .open(p, &c.ticket_no)
            .map_or_else(|| "***".into(), |p| mask_phone(&p))
    });
    let overdue = (c.status == ComplaintStatus::Received && today > c.accept_due)
        || (c.status.is_open() && today > c.close_due);
    ComplaintView {
        id: c.id,
        ticket_no: c.ticket_no,
        serial: c.serial,
        genuine: c.genuine,
        batch_id: c.batch_id,
        product_id: c.product_id,
        enterprise_id: c.enterprise_id,
        category: c.category,
        description: c.description,
        has_photo: c.photo_key.is_some(),
        phone,
        status: c.status,
        accept_due: c.accept_due,
        close_due: c.close_due,
        overdue,
        assigned_to: c.assigned_to,
        decision_note: c.decision_note,
        enterprise_response: c.enterprise_response,
        outcome: c.outcome,
        created_at: c.created_at,
    }
}

/// The per-network filing limit, kept with the app.
pub(crate) fn throttle() -> Throttle {
    Throttle::new(usize::MAX, chrono::Duration::hours(1))
}

/// Wrong tries at following a ticket by its number and the phone's last four digits: 10
/// per network per hour (10⁴ possible digits; the ticket number is needed too).
pub(crate) fn follow_throttle() -> Throttle {
    Throttle::new(10, chrono::Duration::hours(1))
}

impl App {
    /// Files a complaint (anyone; `network` is the filer's network fingerprint).
    #[tracing::instrument(skip_all, err)]
    pub async fn file_complaint(
        &self,
        input: ComplaintInput,
        photo: Option<Upload>,
        network: &str,
    ) -> AppResult<FiledComplaint> {
        let now = self.now();
        let limit = self.settings().complaints.per_network_per_hour as usize;
        let recent = self.inner.complaint_throttle.count(network, now);
        if recent >= limit {
            return Err(AppError::RateLimited {
                retry_after_secs: 3600,
            });
        }
        let mut errs = FieldErrors::new();
        let serial_text = input.serial.clone().unwrap_or_default();
        let verified = self.verify_serial(&serial_text);
        if let Err(e) = &verified {
            // A forged tag is exactly what a counterfeit complaint is about; anything else
            // needs a genuine code to know whose jacket it is.
            if input.category.as_deref() != Some(ComplaintCategory::Counterfeit.as_str())
                || serial_text.trim().is_empty()
                || serial_text.len() > 64
            {
                errs.push(e.to_field_error("serial"));
            }
        }
        let category = match input.category.as_deref().and_then(ComplaintCategory::parse) {
            Some(c) => Some(c),
            None => {
                errs.push(FieldError::new(
                    "category",
                    "unknown_value",
                    "category must be grade_doubt, fill_weight, down_leakage, counterfeit or other",
                    "请选择投诉类别",
                ));
                None
            }
        };
        let description = errs.collect(required(
            "description",
            "问题描述",
            input.description.as_deref(),
            2000,
        ));
        let phone = errs.collect(parse_phone(input.phone.as_deref().unwrap_or("")));
        let photo_type = match &photo {
            None => Some(None),
            Some(p) => {
                let max = self.settings().complaints.max_photo_mb * 1024 * 1024;
                if p.bytes.len() as u64 > max {
                    errs.push(FieldError::new(
                        "photo",
                        "too_large",
                        format!("the photo is larger than {} MB", max / (1024 * 1024)),
                        "照片过大",
                    ));
                    None
                } else {
                    let bytes = p.bytes.clone();
                    match tokio::task::spawn_blocking(move || crate::photo::clean(&bytes))
                        .await
                        .map_err(AppError::internal)?
                    {
                        Ok(cleaned) => Some(Some(cleaned)),
                        Err(crate::photo::PhotoError::TooBig) => {
                            errs.push(FieldError::new(
                                "photo",
                                "too_many_pixels",
                                "the photo has too many pixels (at most 8000 on a side)",
                                "照片像素过多（每边最多 8000）",
                            ));
                            None
                        }
                        Err(crate::photo::PhotoError::NotImage) => {
                            errs.push(FieldError::new(
                                "photo",
                                "not_image",
                                "the photo must be a JPEG, PNG or WebP image",
                                "照片须为 JPEG、PNG 或 WebP 图片",
                            ));
                            None
                        }
                    }
                }
            }
        };
        let (Some(category), Some(description), Some(phone), Some(photo_type)) =
            (category, description, phone, photo_type)
        else {
            return Err(errs.into());
        };
        if !errs.is_empty() {
            return Err(errs.into());
        }
        let (serial, genuine, batch) = match &verified {
            Ok(v) => {
                let status = self.code_status_of(v).await?;
                (status.serial.clone(), true, status.batch)
            }
            Err(_) => (serial_text.trim().to_uppercase(), false, None),
        };
        let (photo_key, photo_type) = match photo_type {
            Some((bytes, content_type)) => (
                Some(self.blobs().put(&bytes).await.map_err(AppError::internal)?),
                Some(content_type),
            ),
            None => (None, None),
        };
        let key = random_token(18);
        let today = now.date_naive();
        let cfg = &self.settings().complaints;
        let mut tx = self.store().begin().await?;
        let seq = tx.bump_counter("complaint_no", 1).await?;
        let ticket_no = format!("TS{}{seq:06}", today.format("%Y%m%d"));
        let new = NewComplaint {
            ticket_no: ticket_no.clone(),
            access_hash: sha256_hex(&key),
            serial,
            genuine,
            batch_id: batch.as_ref().map(|b| b.batch_id),
            product_id: batch.as_ref().map(|b| b.product_id),
            enterprise_id: batch.as_ref().map(|b| b.enterprise_id),
            category,
            description,
            photo_key,
            photo_type: photo_type.map(str::to_owned),
            phone: phone.map(|p| self.sealer().seal(&p, &ticket_no)),
            network: network.to_owned(),
            accept_due: add_working_days(today, cfg.accept_within_working_days),
            close_due: today + chrono::Duration::days(i64::from(cfg.close_within_days)),
        };
        let id = tx.insert_complaint(&new, now).await?;
        let consumer = Actor {
            kind: ActorKind::System,
            id: 0,
            name: "consumer".into(),
            role: Role::Platform,
            enterprise_id: None,
            lab_id: None,
        };
        let ev = EventBuilder {
            actor: &consumer,
            entity_type: "complaint",
            entity_id: id,
            enterprise_id: new.enterprise_id,
        };
        tx.append_event(&ev.event(
            "filed",
            None,
            serde_json::json!({"ticket_no": ticket_no, "category": category, "genuine": genuine}),
            now,
        ))
        .await?;
        tx.commit().await?;
        self.inner.complaint_throttle.fail(network, now);
        tracing::info!(complaint.id = id, %ticket_no, "complaint filed");
        Ok(FiledComplaint {
            ticket_no,
            key,
            accept_due: new.accept_due,
        })
    }

    /// The consumer's view of their ticket; a wrong key is the same as no such ticket.
    pub async fn follow_complaint(&self, ticket_no: &str, key: &str) -> AppResult<TicketView> {
        let mut tx = self.store().read().await?;
        let c = tx.get_complaint_by_ticket(ticket_no.trim()).await?;
        let c = c
            .filter(|c| crate::auth::ct_eq(&sha256_hex(key), &c.access_hash))
            .ok_or(AppError::NotFound("ticket"))?;
        ticket_view(&mut *tx, c).await
    }

    /// The consumer's view of their ticket found by its number and the last four digits of
    /// the phone given when filing (for someone who lost the private link). A wrong pair is
    /// "no such ticket"; `network` (the caller's fingerprint) gets 10 wrong tries an hour.
    pub async fn follow_complaint_by_phone(
        &self,
        ticket_no: &str,
        last_four: &str,
        network: &str,
    ) -> AppResult<TicketView> {
        let now = self.now();
        if let Err(secs) = self.inner.follow_throttle.check(network, now) {
            return Err(AppError::RateLimited {
                retry_after_secs: secs,
            });
        }
        let digits: String = last_four.chars().filter(char::is_ascii_digit).collect();
        if digits.len() != 4 {
            return Err(AppError::field(FieldError::new(
                "phone_last4",
                "invalid",
                "type the last four digits of the phone number you gave",
                "请输入投诉时所留手机号的后四位",
            )));
        }
        let ticket_no = ticket_no.trim().to_ascii_uppercase();
        let mut tx = self.store().read().await?;
        let c = tx.get_complaint_by_ticket(&ticket_no).await?.filter(|c| {
            c.phone
                .as_deref()
                .and_then(|p| self.sealer().open(p, &c.ticket_no))
                .is_some_and(|p| p.ends_with(&digits))
        });
        let Some(c) = c else {
            self.inner.follow_throttle.fail(network, now);
            return Err(AppError::NotFound("ticket"));
        };
        ticket_view(&mut *tx, c).await
    }
}

/// What the consumer sees of complaint `c`: its state, answers and steps.
async fn ticket_view(tx: &mut dyn Tx, c: Complaint) -> AppResult<TicketView> {
    {
        let steps = tx
            .list_events("complaint", c.id)
            .await?
            .into_iter()
            .map(|e| TicketStep {
                at: e.at,
                action: e.action,
            })
            .collect();
        Ok(TicketView {
            ticket_no: c.ticket_no,
            serial: c.serial,
            category: c.category,
            description: c.description,
            status: c.status,
            accept_due: c.accept_due,
            close_due: c.close_due,
            decision_note: c.decision_note,
            enterprise_response: c.enterprise_response,
            outcome: c.outcome,
            created_at: c.created_at,
            steps,
        })
    }
}

impl App {
    /// Complaints the actor may see, most urgent first.
    pub async fn list_complaints(
        &self,
        actor: &Actor,
        f: &ComplaintFilter,
    ) -> AppResult<Page<ComplaintView>> {
        let per_page = f.per_page.unwrap_or(20).clamp(1, 200);
        let page = f.page.unwrap_or(1).max(1);
        let today = self.now().date_naive();
        let mut q = ComplaintQuery {
            status: f.status.clone().filter(|s| !s.is_empty()),
            category: f.category.clone().filter(|s| !s.is_empty()),
            overdue_on: f.overdue.unwrap_or(false).then_some(today),
            limit: per_page,
            offset: (page - 1).saturating_mul(per_page),
            ..ComplaintQuery::default()
        };
        require(actor, Action::ListComplaints)?;
        if f.mine == Some(true) {
            q.assigned_to = Some(actor.name.to_lowercase());
        }
        q.enterprise_id = match actor.enterprise_scope().id() {
            Some(own) => Some(own),
            None => f.enterprise_id,
        };
        let page = self.store().read().await?.list_complaints(&q).await?;
        Ok(page.map(|c| view(self.sealer(), c, today)))
    }

    pub async fn get_complaint(&self, actor: &Actor, id: i64) -> AppResult<ComplaintView> {
        let c = self.store().read().await?.get_complaint(id).await?;
        c.filter(|c| {
            may(
                actor,
                Action::ReadComplaint {
                    enterprise_id: c.enterprise_id,
                },
            )
        })
        .map(|c| view(self.sealer(), c, self.now().date_naive()))
        .ok_or(AppError::NotFound("complaint"))
    }

    pub async fn complaint_history(&self, actor: &Actor, id: i64) -> AppResult<Vec<Event>> {
        self.get_complaint(actor, id).await?;
        Ok(self
            .store()
            .read()
            .await?
            .list_events("complaint", id)
            .await?)
    }

    /// The attached photo (staff and the enterprise concerned).
    pub async fn complaint_photo(&self, actor: &Actor, id: i64) -> AppResult<(String, Vec<u8>)> {
        let c = self
            .store()
            .read()
            .await?
            .get_complaint(id)
            .await?
            .filter(|c| {
                may(
                    actor,
                    Action::ReadComplaint {
                        enterprise_id: c.enterprise_id,
                    },
                )
            })
            .ok_or(AppError::NotFound("complaint"))?;
        let (Some(key), Some(t)) = (c.photo_key, c.photo_type) else {
            return Err(AppError::NotFound("photo"));
        };
        let bytes = self
            .blobs()
            .get(&key)
            .await
            .map_err(AppError::internal)?
            .ok_or(AppError::NotFound("photo"))?;
        Ok((t, bytes))
    }

    /// Accepts, refuses (not accepted) or closes a complaint (regulator), with the note or
    /// outcome required for each.
    #[tracing::instrument(skip_all, err)]
    pub async fn decide_complaint(
        &self,
        actor: &Actor,
        id: i64,
        action: ComplaintAction,
        note: Option<String>,
    ) -> AppResult<ComplaintView> {
        require(actor, Action::HandleComplaints)?;
        let note = note.filter(|n| !n.trim().is_empty());
        let field = if action == ComplaintAction::Close {
            "outcome"
        } else {
            "note"
        };
        if note.is_none() && action != ComplaintAction::Accept {
            return Err(AppError::field(FieldError::new(
                field,
                "required",
                format!("{field} is required"),
                "请填写处理意见",
            )));
        }
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let c = tx
            .get_complaint(id)
            .await?
            .ok_or(AppError::NotFound("complaint"))?;
        let to = c.status.apply(action).map_err(AppError::InvalidState)?;
        let mut u = ComplaintUpdate {
            status: Some(to),
            ..Default::default()
        };
        match action {
            ComplaintAction::Close => u.outcome = note.clone(),
            _ => u.decision_note = note.clone(),
        }
        if !tx.update_complaint(id, c.status, &u, now).await? {
            return Err(AppError::InvalidState(
                "the complaint changed meanwhile; reload and try again".into(),
            ));
        }
        let ev = EventBuilder {
            actor,
            entity_type: "complaint",
            entity_id: id,
            enterprise_id: c.enterprise_id,
        };
        tx.append_event(&ev.event(
            action.event(),
            note,
            serde_json::json!({"from": c.status, "to": to}),
            now,
        ))
        .await?;
        let c = tx
            .get_complaint(id)
            .await?
            .ok_or(AppError::NotFound("complaint"))?;
        tx.commit().await?;
        Ok(view(self.sealer(), c, now.date_naive()))
    }

    /// Assigns an open complaint to a member of staff (regulator).
    /// The staff a complaint may be assigned to (active regulators and inspectors), for
    /// those who assign.
    pub async fn complaint_assignees(&self, actor: &Actor) -> AppResult<Vec<(String, String)>> {
        require(actor, Action::HandleComplaints)?;
        let mut out = Vec::new();
        for role in [Role::Regulator, Role::Inspector] {
            let params = crate::paging::ListParams {
                status: Some(role.as_str().to_owned()),
                per_page: Some(200),
                ..Default::default()
            };
            let page = self
                .store()
                .read()
                .await?
                .list_users(&params.to_query())
                .await?;
            out.extend(
                page.items
                    .into_iter()
                    .filter(|u| u.active && u.role == role)
                    .map(|u| (u.username, u.display_name)),
            );
        }
        Ok(out)
    }

    pub async fn assign_complaint(
        &self,
        actor: &Actor,
        id: i64,
        username: &str,
    ) -> AppResult<ComplaintView> {
        require(actor, Action::HandleComplaints)?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let c = tx
            .get_complaint(id)
            .await?
            .ok_or(AppError::NotFound("complaint"))?;
        if !c.status.is_open() {
            return Err(AppError::InvalidState(format!(
                "a {} complaint cannot be assigned",
                c.status.as_str()
            )));
        }
        match tx
            .get_user_by_username(&username.trim().to_lowercase())
            .await?
        {
            Some(u) if matches!(u.role, Role::Regulator | Role::Inspector) && u.active => {}
            _ => {
                return Err(AppError::field(FieldError::new(
                    "assignee",
                    "unknown",
                    "assign to an active regulator or inspector",
                    "只能指派给在岗的监管人员或检查员",
                )))
            }
        }
        let u = ComplaintUpdate {
            assigned_to: Some(username.trim().to_lowercase()),
            ..Default::default()
        };
        if !tx.update_complaint(id, c.status, &u, now).await? {
            return Err(AppError::InvalidState(
                "the complaint changed meanwhile; reload and try again".into(),
            ));
        }
        let ev = EventBuilder {
            actor,
            entity_type: "complaint",
            entity_id: id,
            enterprise_id: c.enterprise_id,
        };
        tx.append_event(&ev.event(
            "assigned",
            None,
            serde_json::json!({"to": u.assigned_to}),
            now,
        ))
        .await?;
        let c = tx
            .get_complaint(id)
            .await?
            .ok_or(AppError::NotFound("complaint"))?;
        tx.commit().await?;
        Ok(view(self.sealer(), c, now.date_naive()))
    }

    /// The enterprise's answer to a complaint about its product (while it is open).
    pub async fn respond_to_complaint(
        &self,
        actor: &Actor,
        id: i64,
        response: &str,
    ) -> AppResult<ComplaintView> {
        let response =
            required("response", "企业答复", Some(response), 2000).map_err(AppError::field)?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let c = tx
            .get_complaint(id)
            .await?
            .filter(|c| {
                Action::AnswerComplaint {
                    enterprise_id: c.enterprise_id,
                    status: c.status,
                }
                .rule(actor)
                .is_ok()
            })
            .ok_or(AppError::NotFound("complaint"))?;
        if !c.status.is_open() {
            return Err(AppError::InvalidState(format!(
                "a {} complaint takes no more answers",
                c.status.as_str()
            )));
        }
        let u = ComplaintUpdate {
            enterprise_response: Some(response.clone()),
            ..Default::default()
        };
        if !tx.update_complaint(id, c.status, &u, now).await? {
            return Err(AppError::InvalidState(
                "the complaint changed meanwhile; reload and try again".into(),
            ));
        }
        let ev = EventBuilder {
            actor,
            entity_type: "complaint",
            entity_id: id,
            enterprise_id: c.enterprise_id,
        };
        tx.append_event(&ev.event(
            "answered",
            None,
            serde_json::json!({"response": response}),
            now,
        ))
        .await?;
        let c = tx
            .get_complaint(id)
            .await?
            .ok_or(AppError::NotFound("complaint"))?;
        tx.commit().await?;
        Ok(view(self.sealer(), c, now.date_naive()))
    }
}
