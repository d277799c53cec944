//! The API's errors: JSON `{"error": {"code": "...", "message": "..."}}`
//! with an HTTP status. Codes are stable (clients match on them);
//! messages are for people.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dragoman::memory::MemoryError;
use serde::Serialize;

/// An error answered to a request.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct ErrorBody<'a> {
    pub error: ErrorFields<'a>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct ErrorFields<'a> {
    pub code: &'a str,
    pub message: &'a str,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into() }
    }

    /// 400: the request is malformed or a value in it is not valid.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 404 for a thing named in the path.
    pub fn not_found(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, code, message)
    }

    /// 422: well-formed, but the memory cannot answer it (no unit in the
    /// languages asked for, a document that does not parse).
    pub fn unprocessable(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "unprocessable", message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: ErrorFields { code: self.code, message: &self.message } };
        (self.status, axum::Json(body)).into_response()
    }
}

/// A library or command-layer error: a memory that cannot be read or
/// is busy is the server's problem (500, 503); anything else was caused
/// by what the request asked (422), with the message the command line
/// would print.
impl From<anyhow::Error> for ApiError {
    fn from(error: anyhow::Error) -> ApiError {
        let message = dragoman::text::one_line(error.as_ref());
        match error.chain().find_map(|cause| cause.downcast_ref::<MemoryError>()) {
            Some(MemoryError::Busy { .. }) => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "memory_busy", message),
            Some(MemoryError::NoSuchMemory { .. } | MemoryError::Empty { .. }) => {
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "no_memory", message)
            }
            Some(_) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "memory_error", message),
            None => ApiError::unprocessable(message),
        }
    }
}

impl From<MemoryError> for ApiError {
    fn from(error: MemoryError) -> ApiError {
        ApiError::from(anyhow::Error::new(error))
    }
}

/// Any path the server does not know.
pub async fn not_found() -> ApiError {
    ApiError::not_found("no_such_route", "no such page or API route")
}

/// A JSON body (request) or answer (response), like axum's, whose
/// rejection is a JSON error: 400 for malformed JSON or a missing or
/// wrong field, 413 past the body limit, 415 without a JSON content type.
pub struct Json<T>(pub T);

impl<T, S> axum::extract::FromRequest<S> for Json<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Json(value)),
            Err(rejection) => Err(rejected(rejection.status(), rejection.body_text())),
        }
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// A raw body (an upload), whose rejection (413 past the upload limit)
/// is a JSON error.
pub struct Body(pub axum::body::Bytes);

impl<S: Send + Sync> axum::extract::FromRequest<S> for Body {
    type Rejection = ApiError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        match axum::body::Bytes::from_request(request, state).await {
            Ok(bytes) => Ok(Body(bytes)),
            Err(rejection) => Err(rejected(rejection.status(), rejection.body_text())),
        }
    }
}

/// A query string that does not parse: 400 as JSON.
pub struct Query<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for Query<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(rejection) => Err(rejected(rejection.status(), rejection.body_text())),
        }
    }
}

/// A rejected request as a JSON error with a stable code.
pub fn rejected(status: StatusCode, message: String) -> ApiError {
    let code = match status {
        StatusCode::PAYLOAD_TOO_LARGE => "too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "not_json",
        _ => "bad_request",
    };
    // axum says 422 for JSON of the wrong shape: to a client that is a bad request too
    let status = if status == StatusCode::UNPROCESSABLE_ENTITY { StatusCode::BAD_REQUEST } else { status };
    ApiError::new(status, code, message)
}
