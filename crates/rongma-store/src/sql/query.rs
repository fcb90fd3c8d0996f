//! Query shapes the areas share, so each area's SQL states only what is its own: a record
//! by one value ([`SqlTx::one`]) and a list's page with its total ([`SqlTx::page`]), with
//! the conditions lists are filtered by.

use super::{Db, SqlTx};
use crate::error::StoreResult;
use crate::shared::{like_pattern, Page};
use sqlx::{Encode, QueryBuilder, Type};

/// A row type these helpers can read.
pub(super) trait Row:
    for<'r> sqlx::FromRow<'r, <Db as sqlx::Database>::Row> + Send + Unpin
{
}

impl<R> Row for R where R: for<'r> sqlx::FromRow<'r, <Db as sqlx::Database>::Row> + Send + Unpin {}

/// What a list reads: `SELECT {columns} FROM {from} WHERE … ORDER BY {order}`.
pub(super) struct Select<'a> {
    pub(super) columns: &'a str,
    pub(super) from: &'a str,
    pub(super) order: &'a str,
}

/// ` AND {column} = value`, if there is a value.
pub(super) fn and_eq<'a, T>(qb: &mut QueryBuilder<'a, Db>, column: &str, value: Option<T>)
where
    T: 'a + Encode<'a, Db> + Type<Db>,
{
    if let Some(v) = value {
        qb.push(format!(" AND {column} = "));
        qb.push_bind(v);
    }
}

/// ` AND (LOWER(c1) LIKE $p ESCAPE '\' OR …)` for the search text, if there is one.
pub(super) fn and_search(qb: &mut QueryBuilder<'_, Db>, search: Option<&str>, columns: &[&str]) {
    let Some(pattern) = like_pattern(search) else {
        return;
    };
    qb.push(" AND (");
    for (i, col) in columns.iter().enumerate() {
        if i > 0 {
            qb.push(" OR ");
        }
        qb.push(format!("LOWER({col}) LIKE "));
        qb.push_bind(pattern.clone());
        qb.push(" ESCAPE '\\'");
    }
    qb.push(")");
}

impl SqlTx {
    /// The record `sql` selects with its one parameter, if any.
    pub(super) async fn one<'q, R: Row, T, A>(
        &mut self,
        sql: &'q str,
        arg: A,
        convert: impl FnOnce(R) -> StoreResult<T>,
    ) -> StoreResult<Option<T>>
    where
        A: 'q + Send + Encode<'q, Db> + Type<Db>,
    {
        let row: Option<R> = sqlx::query_as(sql)
            .bind(arg)
            .fetch_optional(&mut *self.tx)
            .await?;
        row.map(convert).transpose()
    }

    /// One page of a list and the list's total, both under the same `filters` (each
    /// appends ` AND …` conditions).
    pub(super) async fn page<R: Row, T>(
        &mut self,
        select: Select<'_>,
        limit: i64,
        offset: i64,
        filters: impl Fn(&mut QueryBuilder<'_, Db>),
        convert: impl Fn(R) -> StoreResult<T>,
    ) -> StoreResult<Page<T>> {
        let from = select.from;
        let mut count = QueryBuilder::<Db>::new(format!("SELECT COUNT(*) FROM {from} WHERE 1 = 1"));
        filters(&mut count);
        let total: i64 = count.build_query_scalar().fetch_one(&mut *self.tx).await?;

        let columns = select.columns;
        let mut page = QueryBuilder::<Db>::new(format!("SELECT {columns} FROM {from} WHERE 1 = 1"));
        filters(&mut page);
        page.push(format!(" ORDER BY {} LIMIT ", select.order));
        page.push_bind(limit);
        page.push(" OFFSET ");
        page.push_bind(offset);
        let rows: Vec<R> = page.build_query_as().fetch_all(&mut *self.tx).await?;
        Ok(Page {
            items: rows.into_iter().map(convert).collect::<StoreResult<_>>()?,
            total,
            limit,
            offset,
        })
    }
}
