//! Who may do what, asked in one place. A page asks [`may`] to show or hide a link, a
//! button or a form; the use case enforces the same rule again with [`require`], so a
//! hand-made request gets no further than the button would have.
//!
//! Two layers, decided here and nowhere else:
//! - **role and ownership** ([`Action::rule`]): the role table (the registry's part is
//!   data in `rongma_domain::roles::registry_allows`) and, for an action on a record,
//!   whether the record is the actor's (an enterprise user's own enterprise, a lab's own
//!   reports). [`require`] turns a refusal into 403 with the rule in words.
//! - **the record's state** ([`Action::state_allows`]): a pending application can be
//!   decided, an open complaint answered, a live batch exported with PINs. Only [`may`]
//!   looks at it: the use cases report a wrong state as a conflict (409), not as 403.
//!
//! Records of another enterprise are reported as *not found* by the use cases (ids leak
//! nothing); [`may`] simply says no.

use crate::codes::BatchView;
use crate::error::{AppError, AppResult};
use rongma_domain::roles::{registry_allows, Actor, ActorKind, RegistryAction, RegistryKind, Role};
use rongma_domain::workflow::{
    Application, ApplicationStatus, Certificate, CertificateAction, CertificateState,
    ComplaintStatus, TestReport,
};

/// Something an actor may want to do; record-level actions carry the record.
#[derive(Debug, Clone, Copy)]
pub enum Action<'a> {
    /// Read, create, change or archive records of a registry kind.
    Registry(RegistryKind, RegistryAction),
    /// Change an enterprise's credit code or pilot status.
    ControlEnterprise,
    /// Pick which enterprise a new brand belongs to (enterprise users register their own).
    ChooseBrandEnterprise,

    /// Submit or import test reports (a lab, for itself).
    SubmitReports,
    /// List test reports (each actor sees its own part).
    ListReports,
    ReadReport(&'a TestReport),

    /// Apply for a grade (an enterprise, for its products).
    Apply,
    ListApplications,
    ReadApplication(&'a Application),
    /// Decide grading applications at all (the grading centre's reviewers).
    DecideApplications,
    DecideApplication(&'a Application),
    WithdrawApplication(&'a Application),

    ListCertificates,
    ReadCertificate(&'a Certificate),
    /// Suspend, reinstate or revoke certificates at all (the regulator).
    ChangeCertificates,
    /// A move of a certificate in `state` (its state today, expiry by date included).
    ChangeCertificate {
        state: CertificateState,
        action: CertificateAction,
    },

    /// Read code batches and look up serials.
    ReadCodes,
    IssueCodes,
    RevokeCodes,
    ExportCodes {
        pins: bool,
    },
    RevokeBatch(&'a BatchView),
    ExportBatch {
        batch: &'a BatchView,
        pins: bool,
    },

    ListComplaints,
    /// Accept, refuse, assign and close complaints (the regulator).
    HandleComplaints,
    /// Read a complaint about the products of `enterprise_id` (none: a counterfeit).
    ReadComplaint {
        enterprise_id: Option<i64>,
    },
    HandleComplaint {
        status: ComplaintStatus,
    },
    AnswerComplaint {
        enterprise_id: Option<i64>,
        status: ComplaintStatus,
    },

    /// Scan statistics and suspected copies.
    SuperviseScans,
    /// Mark copied-code flags handled.
    HandleFlags,

    /// Keep the supervision directories and publish and draw spot-check tasks (the
    /// regulator).
    ManageSupervision,
    /// See spot-check tasks, assignments and samples (staff).
    ReadSupervision,
    /// Record a sample in the market (an inspector assigned to the enterprise).
    RecordSample,
    /// Attach a lab's report to a sample handed to that lab (the lab, or the regulator).
    ReportSample {
        lab_id: Option<i64>,
    },
    /// Object to a sample's outcome and ask for a retest (the enterprise concerned).
    ObjectSample {
        enterprise_id: i64,
    },

    /// Load and activate grading profiles.
    ManageProfiles,
    /// Users and API keys.
    ManageAccounts,
}

/// Whether `actor` may do `action` now: role, ownership and the record's state.
pub fn may(actor: &Actor, action: Action<'_>) -> bool {
    action.rule(actor).is_ok() && action.state_allows()
}

/// The role-and-ownership rule, as the use cases enforce it: 403 with the rule in words.
pub fn require(actor: &Actor, action: Action<'_>) -> AppResult<()> {
    action
        .rule(actor)
        .map_err(|rule| AppError::forbidden(format!("a {} may not do this: {rule}", actor.role)))
}

fn staff(a: &Actor) -> bool {
    a.role.is_staff()
}

fn is(a: &Actor, role: Role) -> bool {
    a.role == role
}

/// The CLI, jobs and demo seeding act as the system, which counts as the owner of codes.
fn system(a: &Actor) -> bool {
    a.kind == ActorKind::System
}

fn own_enterprise(a: &Actor, enterprise_id: i64) -> bool {
    a.role == Role::Enterprise && a.enterprise_id == Some(enterprise_id)
}

fn ok(yes: bool, rule: &'static str) -> Result<(), &'static str> {
    if yes {
        Ok(())
    } else {
        Err(rule)
    }
}

impl Action<'_> {
    /// Role and ownership; the error is the rule in words.
    pub fn rule(&self, a: &Actor) -> Result<(), &'static str> {
        use Action::*;
        match *self {
            Registry(kind, action) => ok(
                registry_allows(a.role, kind, action),
                registry_rule(kind, action),
            ),
            ControlEnterprise => ok(
                is(a, Role::Regulator),
                "only the regulator changes a credit code or a pilot status",
            ),
            ChooseBrandEnterprise => ok(
                registry_allows(a.role, RegistryKind::Brand, RegistryAction::Create)
                    && a.role != Role::Enterprise,
                "enterprise users register brands of their own enterprise only",
            ),
            SubmitReports => ok(
                is(a, Role::Lab) && a.lab_id.is_some(),
                "only a lab (its users or its API key) submits test reports",
            ),
            ListReports => ok(a.role != Role::Platform, "platforms use the public API"),
            ReadReport(r) => ok(
                match a.role {
                    Role::Regulator | Role::Reviewer | Role::Inspector => true,
                    Role::Lab => a.lab_id == Some(r.lab_id),
                    Role::Enterprise => a.enterprise_id == Some(r.enterprise_id),
                    Role::Platform => false,
                },
                "a report is read by staff, its lab and its enterprise",
            ),
            Apply => ok(
                is(a, Role::Enterprise) && a.enterprise_id.is_some(),
                "only an enterprise applies for a grade",
            ),
            ListApplications => ok(
                staff(a) || is(a, Role::Enterprise),
                "applications are for enterprises and the grading centre",
            ),
            ReadApplication(app) => ok(
                staff(a) || own_enterprise(a, app.enterprise_id),
                "an application is read by staff and its enterprise",
            ),
            DecideApplications | DecideApplication(_) => ok(
                is(a, Role::Reviewer),
                "only a reviewer of the grading centre decides applications",
            ),
            WithdrawApplication(app) => ok(
                own_enterprise(a, app.enterprise_id),
                "only the applying enterprise withdraws its application",
            ),
            ListCertificates => ok(a.role != Role::Platform, "platforms use the public API"),
            ReadCertificate(c) => ok(
                match a.role {
                    Role::Enterprise => a.enterprise_id == Some(c.enterprise_id),
                    Role::Platform => false,
                    _ => true,
                },
                "a certificate is read by staff, labs and its enterprise",
            ),
            ChangeCertificates | ChangeCertificate { .. } => ok(
                is(a, Role::Regulator),
                "only the regulator suspends, reinstates or revokes certificates",
            ),
            ReadCodes => ok(
                staff(a) || is(a, Role::Enterprise),
                "code batches are read by staff and their enterprise",
            ),
            IssueCodes => ok(
                system(a) || is(a, Role::Enterprise),
                "only the certificate's enterprise issues codes",
            ),
            RevokeCodes => ok(
                system(a) || matches!(a.role, Role::Enterprise | Role::Regulator),
                "codes are revoked by their enterprise or the regulator",
            ),
            ExportCodes { pins: true } => ok(
                system(a) || is(a, Role::Enterprise),
                "only the owning enterprise exports PINs",
            ),
            ExportCodes { pins: false } => ok(
                system(a) || matches!(a.role, Role::Enterprise | Role::Regulator),
                "codes are exported by their enterprise or the regulator",
            ),
            RevokeBatch(b) => ok(
                system(a) || is(a, Role::Regulator) || own_enterprise(a, b.enterprise_id),
                "codes are revoked by their enterprise or the regulator",
            ),
            ExportBatch { batch, pins } => ok(
                system(a)
                    || own_enterprise(a, batch.enterprise_id)
                    || (!pins && is(a, Role::Regulator)),
                "only the owning enterprise exports PINs",
            ),
            ListComplaints => ok(
                matches!(a.role, Role::Regulator | Role::Inspector | Role::Enterprise),
                "complaints are handled by the regulator and answered by enterprises",
            ),
            ReadComplaint { enterprise_id } => ok(
                matches!(a.role, Role::Regulator | Role::Inspector)
                    || enterprise_id.is_some_and(|e| own_enterprise(a, e)),
                "a complaint is read by the regulator, inspectors and the enterprise concerned",
            ),
            HandleComplaints | HandleComplaint { .. } => ok(
                is(a, Role::Regulator),
                "only the regulator accepts, refuses, assigns and closes complaints",
            ),
            AnswerComplaint { enterprise_id, .. } => ok(
                enterprise_id.is_some_and(|e| own_enterprise(a, e)),
                "only the enterprise concerned answers a complaint",
            ),
            SuperviseScans => ok(
                matches!(a.role, Role::Regulator | Role::Inspector),
                "scan statistics and suspected copies are the regulator's",
            ),
            HandleFlags => ok(
                is(a, Role::Regulator),
                "only the regulator handles copied-code flags",
            ),
            ManageSupervision => ok(
                is(a, Role::Regulator),
                "only the regulator keeps the supervision directories and runs spot checks",
            ),
            ReadSupervision => ok(staff(a), "spot checks are followed by staff"),
            RecordSample => ok(
                is(a, Role::Inspector),
                "samples are recorded by the inspectors drawn for the enterprise",
            ),
            ReportSample { lab_id } => ok(
                is(a, Role::Regulator)
                    || (is(a, Role::Lab) && a.lab_id.is_some() && a.lab_id == lab_id),
                "a sample's report comes from the lab it was handed to",
            ),
            ObjectSample { enterprise_id } => ok(
                own_enterprise(a, enterprise_id),
                "only the enterprise concerned objects to a spot-check result",
            ),
            ManageProfiles => ok(
                is(a, Role::Regulator),
                "only the regulator loads and activates grading profiles",
            ),
            ManageAccounts => ok(
                is(a, Role::Regulator) && a.enterprise_id.is_none(),
                "only the regulator manages accounts and API keys",
            ),
        }
    }

    /// Whether the record's state lets the action happen at all.
    pub fn state_allows(&self) -> bool {
        use Action::*;
        match *self {
            DecideApplication(app) | WithdrawApplication(app) => {
                app.status == ApplicationStatus::Pending
            }
            ChangeCertificate { state, action } => {
                matches!(
                    action,
                    CertificateAction::Suspend
                        | CertificateAction::Reinstate
                        | CertificateAction::Revoke
                ) && state.apply(action).is_ok()
            }
            RevokeBatch(b) => b.state != "revoked",
            ExportBatch { batch, pins } => !pins || batch.state != "revoked",
            HandleComplaint { status } | AnswerComplaint { status, .. } => status.is_open(),
            _ => true,
        }
    }
}

fn registry_rule(kind: RegistryKind, action: RegistryAction) -> &'static str {
    use RegistryAction::*;
    use RegistryKind::*;
    match (kind, action) {
        (_, Read) => "the registry is read by staff, labs and enterprises",
        (Enterprise, Create | Archive) => "only the regulator registers or archives enterprises",
        (Enterprise, Update) => "an enterprise is changed by the regulator or itself",
        (Brand | Product, _) => {
            "brands and products are kept by the regulator and their enterprise"
        }
        (Lab, _) => "only the regulator keeps the labs",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, enterprise_id: Option<i64>, lab_id: Option<i64>) -> Actor {
        Actor {
            kind: ActorKind::User,
            id: 1,
            name: "t".into(),
            role,
            enterprise_id,
            lab_id,
        }
    }

    #[test]
    fn registry_follows_the_domain_table() {
        for role in Role::ALL {
            let a = actor(role, Some(1), Some(1));
            for kind in [
                RegistryKind::Enterprise,
                RegistryKind::Brand,
                RegistryKind::Product,
                RegistryKind::Lab,
            ] {
                for action in [
                    RegistryAction::Read,
                    RegistryAction::Create,
                    RegistryAction::Update,
                    RegistryAction::Archive,
                ] {
                    assert_eq!(
                        may(&a, Action::Registry(kind, action)),
                        registry_allows(role, kind, action),
                        "{role} {kind:?} {action:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn role_level_rules() {
        let reg = actor(Role::Regulator, None, None);
        let rev = actor(Role::Reviewer, None, None);
        let ent = actor(Role::Enterprise, Some(7), None);
        let lab = actor(Role::Lab, None, Some(3));
        let plat = actor(Role::Platform, None, None);
        assert!(may(&lab, Action::SubmitReports));
        assert!(!may(&reg, Action::SubmitReports));
        assert!(!may(&actor(Role::Lab, None, None), Action::SubmitReports));
        assert!(may(&ent, Action::Apply));
        assert!(!may(&reg, Action::Apply));
        assert!(may(&rev, Action::DecideApplications));
        assert!(!may(&reg, Action::DecideApplications));
        assert!(may(&reg, Action::ChangeCertificates));
        assert!(!may(&rev, Action::ChangeCertificates));
        assert!(may(&ent, Action::ExportCodes { pins: true }));
        assert!(!may(&reg, Action::ExportCodes { pins: true }));
        assert!(may(&reg, Action::ExportCodes { pins: false }));
        assert!(!may(&plat, Action::ListReports));
        assert!(!may(&plat, Action::ListCertificates));
        assert!(may(&reg, Action::ManageAccounts));
        assert!(!may(
            &actor(Role::Regulator, Some(1), None),
            Action::ManageAccounts
        ));
        assert!(may(&Actor::system("cli"), Action::IssueCodes));
        assert!(require(&rev, Action::ManageProfiles).is_err());
        assert!(require(&reg, Action::ManageProfiles).is_ok());
    }
}
