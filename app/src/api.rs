//! Server functions by area, and the types they return.
//!
//! Each server function has a stable endpoint under `/api/` and returns [`AppError`] on failure.
//! Data-changing functions are POST only (the server-function default); reads that pages make
//! during rendering are POST as well, so no state-changing route ever answers GET.
//!
//! [`AppError`]: crate::error::AppError

pub mod account;
pub mod admin;
pub mod cahier;
pub mod discussions;
pub mod drafts;
pub mod groups;
pub mod locale;
#[cfg(feature = "ssr")]
pub mod policy;
pub mod review;
pub mod search;

pub use account::{
    AccountView, ChangeEmail, ChangePassword, CheckLink, ConfirmEmail, ConfirmSignUp,
    EndOtherSessions, GetAccount, GetMe, LinkKind, Me, Rename, RequestReset, ResetPassword,
    SessionView, SetDigest, SignIn, SignUp,
};
pub use admin::{AdminView, AuditEntry, GetAdmin, SetModerator, UserEntry};
pub use cahier::{
    AxeOverview, CahierOverview, GetCahier, GetTheme, GetThemePage, ThemeDetail, ThemePageView,
    ThemeSummary,
};
pub use groups::{
    AcceptInvitation, ActivityEntry, ActivityPage, AskToJoin, DecideRequest, EditTheme,
    FollowTheme, InvitationEntry, InvitationView, InviteMember, LeaveTheme, MarkNotificationsRead,
    MemberEntry, MembersView, NotificationEntry, OpenTheme, RemoveMember, SetFacilitator,
    SetThemeStatus, Standing, ThemeRole, Viewer,
};
pub use locale::SetLocale;
