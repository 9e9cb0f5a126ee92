//! The one set-up of every plot: the room around it, an optional caption,
//! and for each axis its description, tick count, label format and grid
//! lines, drawn in the charts' fonts. A chart declares what differs and
//! [`Axes::draw`] does the rest the same way everywhere.

use super::{Area, drawing, style};
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::prelude::*;

/// How the ticks of an axis read.
type Format<'f, V> = Box<dyn Fn(&V) -> String + 'f>;

/// The plot [`Axes::draw`] builds over the ranges `XR` × `YR`.
type Built<'a, DB, XR, YR> = ChartContext<
    'a,
    DB,
    Cartesian2d<<XR as AsRangedCoord>::CoordDescType, <YR as AsRangedCoord>::CoordDescType>,
>;

/// Ticks plotters places on an axis unless told otherwise.
const DEFAULT_TICKS: usize = 11;

/// One axis: its description, how many ticks and how they read, and
/// whether grid lines cross the plot at its ticks.
pub(super) struct Axis<'f, V> {
    desc: Option<String>,
    ticks: usize,
    format: Format<'f, V>,
    grid: bool,
}

impl<'f, V> Axis<'f, V> {
    /// An axis whose tick labels read as `format`, with grid lines and no
    /// description.
    pub(super) fn new(format: impl Fn(&V) -> String + 'f) -> Self {
        Self {
            desc: None,
            ticks: DEFAULT_TICKS,
            format: Box::new(format),
            grid: true,
        }
    }

    /// An axis with no ticks and no grid lines (a panel's unused axis).
    pub(super) fn blank() -> Self {
        Self::new(|_| String::new()).ticks(0).no_grid()
    }

    /// Describes the axis as `desc` (what it measures, with its unit).
    pub(super) fn desc(mut self, desc: impl Into<String>) -> Self {
        self.desc = Some(desc.into());
        self
    }

    /// Asks for about `n` ticks.
    pub(super) fn ticks(mut self, n: usize) -> Self {
        self.ticks = n;
        self
    }

    /// Leaves out the grid lines at this axis's ticks.
    pub(super) fn no_grid(mut self) -> Self {
        self.grid = false;
        self
    }
}

/// A plot's frame and axes. [`Axes::new`] is the single-panel layout;
/// panels of a multi-panel chart shrink it with [`Axes::room`] and
/// [`Axes::small`].
pub(super) struct Axes<'f, X, Y> {
    x: Axis<'f, X>,
    y: Axis<'f, Y>,
    /// Outer margin, height of the x labels' area, width of the y labels'.
    room: (u32, u32, u32),
    caption: Option<String>,
    small: bool,
}

impl<'f, X, Y> Axes<'f, X, Y> {
    /// The axes `x` and `y` of a single-panel chart: room for tick labels
    /// and axis descriptions in the description font.
    pub(super) fn new(x: Axis<'f, X>, y: Axis<'f, Y>) -> Self {
        Self {
            x,
            y,
            room: (25, 70, 100),
            caption: None,
            small: false,
        }
    }

    /// Sets the outer margin, the height of the x labels' area and the
    /// width of the y labels' area, in pixels.
    pub(super) fn room(mut self, margin: u32, x_area: u32, y_area: u32) -> Self {
        self.room = (margin, x_area, y_area);
        self
    }

    /// Writes `caption` over the plot (a panel's title) and, as in every
    /// panel, describes the axes in the tick font.
    pub(super) fn caption(mut self, caption: impl Into<String>) -> Self {
        self.caption = Some(caption.into());
        self.small()
    }

    /// Describes the axes in the tick font (for panels).
    pub(super) fn small(mut self) -> Self {
        self.small = true;
        self
    }

    /// Builds the plot over `x_range` × `y_range` on `area` and draws its
    /// axes, ticks and grid.
    pub(super) fn draw<'a, DB, XR, YR>(
        self,
        area: &'a Area<DB>,
        x_range: XR,
        y_range: YR,
    ) -> Result<Built<'a, DB, XR, YR>, String>
    where
        DB: DrawingBackend,
        XR: AsRangedCoord<Value = X>,
        YR: AsRangedCoord<Value = Y>,
        XR::CoordDescType: ValueFormatter<X>,
        YR::CoordDescType: ValueFormatter<Y>,
    {
        let (margin, x_area, y_area) = self.room;
        let mut builder = ChartBuilder::on(area);
        builder
            .margin(margin)
            .x_label_area_size(x_area)
            .y_label_area_size(y_area);
        if let Some(caption) = &self.caption {
            builder.caption(caption, style::tick_font());
        }
        let mut chart = builder
            .build_cartesian_2d(x_range, y_range)
            .map_err(drawing)?;
        let desc_font = if self.small {
            style::tick_font()
        } else {
            style::label_font()
        };
        let mut mesh = chart.configure_mesh();
        mesh.axis_desc_style(desc_font)
            .label_style(style::tick_font())
            .x_labels(self.x.ticks)
            .y_labels(self.y.ticks)
            .x_label_formatter(&*self.x.format)
            .y_label_formatter(&*self.y.format);
        if let Some(desc) = self.x.desc {
            mesh.x_desc(desc);
        }
        if let Some(desc) = self.y.desc {
            mesh.y_desc(desc);
        }
        if !self.x.grid {
            mesh.disable_x_mesh();
        }
        if !self.y.grid {
            mesh.disable_y_mesh();
        }
        mesh.draw().map_err(drawing)?;
        Ok(chart)
    }
}
