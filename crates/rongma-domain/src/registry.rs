//! The registry: enterprises, their brands and products (styles), and test labs. Each
//! comes in as a *draft* (loose text and numbers from a form or JSON body) and leaves as a
//! validated value whose fields are newtypes, or as every [`FieldError`](crate::FieldError)
//! found at once.

mod brand;
mod enterprise;
mod lab;
mod product;
pub mod text;

pub use brand::{Brand, BrandDraft, BrandFields};
pub use enterprise::{Enterprise, EnterpriseDraft, EnterpriseFields, PilotStatus};
pub use lab::{Accreditation, Lab, LabDraft, LabFields};
pub use product::{
    sizes_from_text, DownColour, DownSpecies, Product, ProductDraft, ProductFields, SizeDraft,
    SizeFill,
};
