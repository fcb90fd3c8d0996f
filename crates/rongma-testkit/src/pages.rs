//! The pages as a browser uses them: a [`Browser`] keeps its cookies, does not follow
//! redirects, logs in through the login form with its CSRF token, and reads pages whole.

use crate::fixtures::PASSWORD;
use crate::{Response, TestApp};

/// A cookie-keeping client of one [`TestApp`].
pub struct Browser {
    /// For requests the helpers do not cover (JSON with a cookie session …).
    pub client: reqwest::Client,
    base: String,
}

impl TestApp {
    /// A browser that is not logged in.
    pub fn browser(&self) -> Browser {
        Browser {
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            base: self.base.clone(),
        }
    }

    /// A browser logged in as `username` (fixture password) through the login form,
    /// asked to go on to `next`.
    pub async fn logged_in(&self, username: &str, next: &str) -> Browser {
        let b = self.browser();
        let r = b.log_in(username, PASSWORD, Some(next)).await;
        assert_eq!(r.status, 303, "login of {username}");
        b
    }
}

impl Browser {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `GET path`: status and text.
    pub async fn page(&self, path: &str) -> (u16, String) {
        let r = self.get(path).await;
        (r.status, r.text())
    }

    /// `GET path`, read whole.
    pub async fn get(&self, path: &str) -> Response {
        let r = self
            .client
            .get(self.url(path))
            .send()
            .await
            .expect("request");
        Response::read(r).await
    }

    /// Posts a form (the test includes `_csrf` where the page wants it).
    pub async fn post_form<T: serde::Serialize + ?Sized>(&self, path: &str, form: &T) -> Response {
        let r = self
            .client
            .post(self.url(path))
            .form(form)
            .send()
            .await
            .expect("request");
        Response::read(r).await
    }

    /// Posts a multipart form.
    pub async fn post_multipart(&self, path: &str, form: reqwest::multipart::Form) -> Response {
        let r = self
            .client
            .post(self.url(path))
            .multipart(form)
            .send()
            .await
            .expect("request");
        Response::read(r).await
    }

    /// The login form's CSRF token for this browser.
    pub async fn login_csrf(&self) -> String {
        csrf_from(&self.page("/login").await.1)
    }

    /// Fills in and posts the login form (with this browser's CSRF token); the answer.
    pub async fn log_in(&self, username: &str, password: &str, next: Option<&str>) -> Response {
        let csrf = self.login_csrf().await;
        let mut form = vec![
            ("_csrf", csrf.as_str()),
            ("username", username),
            ("password", password),
        ];
        if let Some(next) = next {
            form.push(("next", next));
        }
        self.post_form("/login", &form).await
    }
}

/// Extracts the value of `name="_csrf" value="…"` from a page.
pub fn csrf_from(html: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let start = html
        .find(marker)
        .map(|i| i + marker.len())
        .expect("page has a CSRF field");
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned()
}
