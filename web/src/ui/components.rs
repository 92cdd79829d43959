//! One component per file.

pub mod checkbox;
pub mod copy_button;
pub mod credentials_form;
pub mod downloads;
pub mod error_summary;
pub mod exchange_form;
pub mod field;
pub mod file_preview;
pub mod file_tree;
pub mod images_form;
pub mod import_dialog;
pub mod ingress_form;
pub mod notice_banner;
pub mod number_field;
pub mod party_row;
pub mod party_table;
pub mod placement_form;
pub mod route_table;
pub mod section;
pub mod select_field;
pub mod share_bar;
pub mod storage_form;
pub mod target_form;
pub mod text_field;
pub mod toolbar;
pub mod topology_view;
