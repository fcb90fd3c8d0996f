//! The access matrix of the code API: every caller against every code route, on a batch of
//! enterprise A, written from the permission table in docs/CODES.md.

use crate::support::codes::World;
use rongma_testkit::{TestDb, Who};
use serde_json::json;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    List,
    Get,
    History,
    Lookup,
    ExportPlain,
    ExportPins,
    Revoke,
    Issue,
}

use Who::*;

fn expected(op: Op, who: Who) -> u16 {
    let staff = matches!(who, Regulator | Reviewer | Inspector);
    match who {
        Anonymous => return 401,
        LabUser | LabKey | PlatformKey => return 403,
        _ => {}
    }
    match op {
        Op::List => 200,
        Op::Get | Op::History | Op::Lookup if staff || who == EnterpriseA => 200,
        Op::ExportPlain | Op::Revoke if who == Regulator || who == EnterpriseA => 200,
        Op::ExportPins | Op::Issue if who == EnterpriseA => {
            if op == Op::Issue {
                201
            } else {
                200
            }
        }
        // B reaches for A's batch or certificate: not found, whatever it asks.
        _ if who == EnterpriseB => 404,
        _ => 403,
    }
}

rongma_store::backend_test!(every_caller_on_every_code_route, |db: TestDb| async move {
    let w = World::new(db).await;
    let b = w.batch_a(50).await;
    let id = b["id"].as_i64().unwrap();
    let mut next = 0;
    for op in [
        Op::List,
        Op::Get,
        Op::History,
        Op::Lookup,
        Op::ExportPlain,
        Op::ExportPins,
        Op::Revoke,
        Op::Issue,
    ] {
        for who in Who::ALL {
            let token = w.token(who);
            let status = match op {
                Op::List => w.t.list_batches(token).await.status,
                Op::Get => w.t.get_batch(token, id).await.status,
                Op::History => w.t.batch_history(token, id).await.status,
                Op::Lookup => w.t.code_status(token, &w.serial(&b, 0)).await.status,
                Op::ExportPlain => w.export(who, id, "format=csv").await.status,
                Op::ExportPins => w.export(who, id, "format=csv&pins=true").await.status,
                Op::Revoke => {
                    // Each allowed caller revokes a serial of its own, so none overlaps.
                    next += 1;
                    let body = json!({"scope": "serials", "serials": [w.serial(&b, next)], "reason": "lost"});
                    w.revoke(who, id, &body).await.status
                }
                Op::Issue => w.issue(who, &w.body(2)).await.status,
            };
            assert_eq!(status, expected(op, who), "{op:?} by {who:?}");
        }
    }
});
