//! Query shapes the areas share, so each area's SQL states only what is its own: a record
//! by one value ([`SqlTx::one`]), a list's page with its total ([`SqlTx::page`]), and the
//! operations on a registry-style [`Table`] (insert, update, get, archive, filtered list).

use super::{Db, SqlTx};
use crate::error::StoreResult;
use crate::shared::{like_pattern, At, ListQuery, Page};
use sqlx::{Arguments, Encode, QueryBuilder, Type};

/// A row type these helpers can read.
pub(super) trait Row:
    for<'r> sqlx::FromRow<'r, <Db as sqlx::Database>::Row> + Send + Unpin
{
}

impl<R> Row for R where R: for<'r> sqlx::FromRow<'r, <Db as sqlx::Database>::Row> + Send + Unpin {}

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

/// What a list reads: `SELECT {columns} FROM {from} WHERE … ORDER BY {order}`.
pub(super) struct Select<'a> {
    pub(super) columns: &'a str,
    pub(super) from: &'a str,
    pub(super) order: &'a str,
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
