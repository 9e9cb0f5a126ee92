//! Text renders with the embedded font, with no system fonts involved.

use astromine::report::font;
use plotters::prelude::*;

#[test]
fn the_embedded_font_draws_text() {
    assert!(font::register());
    assert!(font::register(), "registering twice is harmless");
    let (w, h) = (240u32, 60u32);
    let mut buf = vec![255u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        root.draw(&Text::new(
            "Delivered kg",
            (5, 10),
            (font::FAMILY, 24).into_font(),
        ))
        .expect("text draws with the registered font");
        root.present().unwrap();
    }
    let inked = buf.chunks(3).filter(|p| p[0] < 128).count();
    assert!(
        inked > 100,
        "only {inked} dark pixels: no glyphs were drawn"
    );
}
