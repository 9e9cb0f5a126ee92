//! The few operations on 3-vectors the orbit layer needs.

/// A 3-vector (au, au/day, km or km/s as the caller says).
pub(crate) type Vec3 = [f64; 3];

pub(crate) fn sub(a: Vec3, b: Vec3) -> Vec3 {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

pub(crate) fn dot(a: Vec3, b: Vec3) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

pub(crate) fn cross(a: Vec3, b: Vec3) -> Vec3 {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

pub(crate) fn norm(a: Vec3) -> f64 {
    dot(a, a).sqrt()
}

/// `p·x + q·y`: a point of an orbit's plane from its perifocal coordinates.
pub(crate) fn combine(p: Vec3, x: f64, q: Vec3, y: f64) -> Vec3 {
    [
        p[0] * x + q[0] * y,
        p[1] * x + q[1] * y,
        p[2] * x + q[2] * y,
    ]
}

/// The angle between two vectors, radians in [0, π]; 0 when either is zero
/// (atan2 form: accurate near 0 and π, never NaN).
pub(crate) fn angle(a: Vec3, b: Vec3) -> f64 {
    norm(cross(a, b)).atan2(dot(a, b))
}
