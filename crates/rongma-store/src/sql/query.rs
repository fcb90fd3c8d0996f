//! Query helpers the areas share: the filters of registry lists and a list's page with
//! its total.

use super::{Db, SqlTx};
use crate::error::StoreResult;
use crate::shared::{ListQuery, Page};
use sqlx::QueryBuilder;

/// Appends the common filters of registry lists. `search` lists the columns the search
/// text is matched against; `owner` is the column that holds the enterprise id.
pub(super) fn push_filters(
    qb: &mut QueryBuilder<'_, Db>,
    q: &ListQuery,
    search: &[&str],
    owner: Option<&str>,
    status_col: Option<&str>,
) {
    qb.push(" WHERE 1 = 1");
    if !q.include_archived {
        qb.push(" AND archived_at IS NULL");
    }
    if let Some(pattern) = q.like_pattern() {
        qb.push(" AND (");
        for (i, col) in search.iter().enumerate() {
            if i > 0 {
                qb.push(" OR ");
            }
            qb.push(format!("LOWER({col}) LIKE "));
            qb.push_bind(pattern.clone());
            qb.push(" ESCAPE '\\'");
        }
        qb.push(")");
    }
    if let (Some(col), Some(id)) = (owner, q.enterprise_id) {
        qb.push(format!(" AND {col} = "));
        qb.push_bind(id);
    }
    if let (Some(col), Some(status)) = (status_col, q.status.as_deref()) {
        qb.push(format!(" AND {col} = "));
        qb.push_bind(status.to_owned());
    }
}

/// Runs a filtered list: one count and one page, both with the same filters.
pub(super) async fn list_page<R, T>(
    tx: &mut SqlTx,
    columns: &str,
    table: &str,
    q: &ListQuery,
    filters: impl Fn(&mut QueryBuilder<'_, Db>, &ListQuery),
    order: &str,
    convert: impl Fn(R) -> StoreResult<T>,
) -> StoreResult<Page<T>>
where
    R: for<'r> sqlx::FromRow<'r, <Db as sqlx::Database>::Row> + Send + Unpin,
{
    let mut count = QueryBuilder::<Db>::new(format!("SELECT COUNT(*) FROM {table}"));
    filters(&mut count, q);
    let total: i64 = count.build_query_scalar().fetch_one(&mut *tx.tx).await?;

    let mut page = QueryBuilder::<Db>::new(format!("SELECT {columns} FROM {table}"));
    filters(&mut page, q);
    page.push(format!(" ORDER BY {order} LIMIT "));
    page.push_bind(q.limit);
    page.push(" OFFSET ");
    page.push_bind(q.offset);
    let rows: Vec<R> = page.build_query_as().fetch_all(&mut *tx.tx).await?;
    Ok(Page {
        items: rows.into_iter().map(convert).collect::<StoreResult<_>>()?,
        total,
        limit: q.limit,
        offset: q.offset,
    })
}
