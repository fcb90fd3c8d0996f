//! What every page module uses: rendering and page errors ([`page`]), posted forms
//! ([`form`]), the view models of the three page shapes ([`view`]), grading results
//! ([`result`]), labels of domain values ([`labels`]) and names of referenced records
//! ([`names`]).

pub mod extract;
pub mod form;
pub mod labels;
pub mod names;
pub mod page;
pub mod result;
pub mod view;

pub use extract::{PageId, PageQuery};
pub use form::{FormData, WebForm, WebMultipart};
pub use page::{
    form_failed, form_page, render, DetailPage, FormPage, ListPage, PageError, PageResult,
};
