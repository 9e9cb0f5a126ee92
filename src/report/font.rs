//! The chart font, embedded in the binary and registered with plotters once,
//! so charts render on a bare machine with no system fonts or fontconfig.

use plotters::style::FontStyle;
use std::sync::OnceLock;

/// The family name charts ask plotters for.
pub const FAMILY: &str = "sans-serif";

/// Registers the embedded DejaVu Sans faces under [`FAMILY`] (idempotent and
/// thread-safe). Returns false if the embedded font could not be parsed.
pub fn register() -> bool {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    *REGISTERED.get_or_init(|| {
        [
            (FontStyle::Normal, dejavu::sans::regular()),
            (FontStyle::Bold, dejavu::sans::bold()),
            (FontStyle::Italic, dejavu::sans::oblique()),
            (FontStyle::Oblique, dejavu::sans::oblique()),
        ]
        .into_iter()
        .all(|(style, bytes)| plotters::style::register_font(FAMILY, style, bytes).is_ok())
    })
}
