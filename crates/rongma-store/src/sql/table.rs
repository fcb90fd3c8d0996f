//! The operations on a registry-style [`Table`]: insert and update from a record's
//! [`Values`], get by id, archive and restore, and the filtered list of a [`ListQuery`].
//! The kinds differ only in their columns, values and filters, which each states.

use super::query::{and_eq, and_search, Row, Select};
use super::{Db, SqlTx};
use crate::error::StoreResult;
use crate::shared::{At, ListQuery, Page};
use sqlx::{Arguments, Encode, QueryBuilder, Type};

/// A table of records with `id`, `created_at` and `updated_at` (and `archived_at` where
/// they are archived), and how its list is searched and filtered by a [`ListQuery`].
pub(super) struct Table {
    pub(super) name: &'static str,
    /// The columns a record is read from, in its row type's order.
    pub(super) columns: &'static str,
    /// Columns the search text is matched against.
    pub(super) search: &'static [&'static str],
    /// The column [`ListQuery::enterprise_id`] filters.
    pub(super) owner: Option<&'static str>,
    /// The column [`ListQuery::status`] filters.
    pub(super) status: Option<&'static str>,
    /// The column [`ListQuery::brand_id`] filters.
    pub(super) brand: Option<&'static str>,
    /// Whether records are archived: lists leave archived ones out unless asked.
    pub(super) archived: bool,
    pub(super) order: &'static str,
}

/// A record's columns and their values, in order: what an insert or update writes.
pub(super) struct Values<'q> {
    columns: Vec<&'static str>,
    args: <Db as sqlx::Database>::Arguments<'q>,
    /// The first value that could not be encoded, reported before the statement runs.
    error: Option<sqlx::error::BoxDynError>,
}

impl<'q> Values<'q> {
    pub(super) fn new() -> Self {
        Self {
            columns: Vec::new(),
            args: Default::default(),
            error: None,
        }
    }

    pub(super) fn set<T>(mut self, column: &'static str, value: T) -> Self
    where
        T: 'q + Encode<'q, Db> + Type<Db>,
    {
        self.columns.push(column);
        self.bind(value);
        self
    }

    fn bind<T>(&mut self, value: T)
    where
        T: 'q + Encode<'q, Db> + Type<Db>,
    {
        if let Err(e) = self.args.add(value) {
            self.error.get_or_insert(e);
        }
    }

    fn into_args(self) -> StoreResult<<Db as sqlx::Database>::Arguments<'q>> {
        match self.error {
            Some(e) => Err(sqlx::Error::Encode(e).into()),
            None => Ok(self.args),
        }
    }
}

/// `$from, $from+1, …` for `n` parameters.
fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The filters of a registry-style list.
fn and_list_filters(qb: &mut QueryBuilder<'_, Db>, t: &Table, q: &ListQuery) {
    if t.archived && !q.include_archived {
        qb.push(" AND archived_at IS NULL");
    }
    and_search(qb, q.search.as_deref(), t.search);
    for (col, v) in [(t.owner, q.enterprise_id), (t.brand, q.brand_id)] {
        if let Some(col) = col {
            and_eq(qb, col, v);
        }
    }
    if let Some(col) = t.status {
        and_eq(qb, col, q.status.clone());
    }
}

impl SqlTx {
    /// `INSERT INTO {table} ({columns}, created_at, updated_at) VALUES (…, $at, $at)`;
    /// returns the new id.
    pub(super) async fn insert(&mut self, t: &Table, v: Values<'_>, at: At) -> StoreResult<i64> {
        let n = v.columns.len();
        let sql = format!(
            "INSERT INTO {} ({}, created_at, updated_at) VALUES ({}, ${at}, ${at}) RETURNING id",
            t.name,
            v.columns.join(", "),
            placeholders(1, n),
            at = n + 1,
        );
        let mut v = v;
        v.bind(at);
        let id = sqlx::query_scalar_with(&sql, v.into_args()?)
            .fetch_one(&mut *self.tx)
            .await?;
        Ok(id)
    }

    /// `UPDATE {table} SET {column} = …, updated_at = $at WHERE id = $id`; false if there
    /// is no such record.
    pub(super) async fn update(
        &mut self,
        t: &Table,
        id: i64,
        v: Values<'_>,
        at: At,
    ) -> StoreResult<bool> {
        let n = v.columns.len();
        let set: Vec<String> = v
            .columns
            .iter()
            .enumerate()
            .map(|(i, col)| format!("{col} = ${}", i + 1))
            .collect();
        let sql = format!(
            "UPDATE {} SET {}, updated_at = ${} WHERE id = ${}",
            t.name,
            set.join(", "),
            n + 1,
            n + 2,
        );
        let mut v = v;
        v.bind(at);
        v.bind(id);
        let r = sqlx::query_with(&sql, v.into_args()?)
            .execute(&mut *self.tx)
            .await?;
        Ok(r.rows_affected() == 1)
    }

    /// A record by id.
    pub(super) async fn get<R: Row, T>(
        &mut self,
        t: &Table,
        id: i64,
        convert: impl FnOnce(R) -> StoreResult<T>,
    ) -> StoreResult<Option<T>> {
        let sql = format!("SELECT {} FROM {} WHERE id = $1", t.columns, t.name);
        self.one(&sql, id, convert).await
    }

    /// The records with these ids, in one query (ids not found are left out).
    pub(super) async fn by_ids<R: Row, T>(
        &mut self,
        t: &Table,
        ids: &[i64],
        convert: impl Fn(R) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = sqlx::QueryBuilder::<super::Db>::new(format!(
            "SELECT {} FROM {} WHERE id IN (",
            t.columns, t.name
        ));
        let mut list = qb.separated(", ");
        for id in ids {
            list.push_bind(*id);
        }
        qb.push(")");
        let rows: Vec<R> = qb.build_query_as().fetch_all(&mut *self.tx).await?;
        rows.into_iter().map(convert).collect()
    }

    /// Archives (`Some(at)`) or restores (`None`) a record; false if there is none.
    pub(super) async fn set_archived(
        &mut self,
        t: &Table,
        id: i64,
        at: Option<At>,
        now: At,
    ) -> StoreResult<bool> {
        let sql = format!(
            "UPDATE {} SET archived_at = $1, updated_at = $2 WHERE id = $3",
            t.name
        );
        let r = sqlx::query(&sql)
            .bind(at)
            .bind(now)
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        Ok(r.rows_affected() == 1)
    }

    /// A page of the table's records under the list's filters.
    pub(super) async fn list<R: Row, T>(
        &mut self,
        t: &Table,
        q: &ListQuery,
        convert: impl Fn(R) -> StoreResult<T>,
    ) -> StoreResult<Page<T>> {
        let select = Select {
            columns: t.columns,
            from: t.name,
            order: t.order,
        };
        self.page(
            select,
            q.limit,
            q.offset,
            |qb| and_list_filters(qb, t, q),
            convert,
        )
        .await
    }
}
