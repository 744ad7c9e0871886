//! The site's addresses, built from typed parameters in one place.

/// The address of a post: the page of its thread that shows it, at the post.
pub fn post_path(theme: i32, thread: i32, post: i64) -> String {
    format!("/themes/{theme}/discussions/{thread}?post={post}#post-{post}")
}
