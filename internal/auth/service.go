package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"

	"gongkai/internal/errs"
)

// Policy holds the security settings of logins and sessions.
//
// Failed logins are counted per (account, client address) and per address.
// MaxFailures failures against one account from one address within
// FailureWindow stop that address trying that account; AddressMaxFailures
// failures from one address, on any user names, known or not, stop the
// address trying any. Neither touches the account itself, so nobody can
// keep somebody else's account locked from their own machine. Only
// AccountMaxFailures failures against one account from every address
// together, which needs several addresses, lock the account for LockFor
// (a distributed guessing attack), as the security administrator can also
// lift. Refused attempts of a stopped address are not counted again.
type Policy struct {
	MaxFailures        int           // per account and address within FailureWindow
	AddressMaxFailures int           // per address within FailureWindow
	AccountMaxFailures int           // per account from all addresses: locks the account
	FailureWindow      time.Duration // 15 minutes
	LockFor            time.Duration // 15 minutes
	IdleTimeout        time.Duration // 30 minutes without a request ends a session
	MaxSession         time.Duration // absolute cap, even for a busy session
}

// DefaultPolicy is the policy the issue and common 等保 practice ask for.
var DefaultPolicy = Policy{
	MaxFailures:        5,
	AddressMaxFailures: 20,
	AccountMaxFailures: 30,
	FailureWindow:      15 * time.Minute,
	LockFor:            15 * time.Minute,
	IdleTimeout:        30 * time.Minute,
	MaxSession:         12 * time.Hour,
}

// DefaultTokenTTL is how long an API token lives unless the setting says
// otherwise (GONGKAI_TOKEN_DAYS).
const DefaultTokenTTL = 90 * 24 * time.Hour

// Session is a logged-in browser. The cookie holds Token; the store keeps
// only its hash, so a copy of the database cannot be used to log in.
type Session struct {
	Token    string // only in memory, right after creation
	ID       string // SHA-256 of the token, hex
	UserID   int64
	CSRF     string // per-session token for forms
	Created  time.Time
	LastSeen time.Time
	Address  string // the client address it was opened from; only in memory
}

// Valid reports whether the session is still alive at now.
func (s *Session) Valid(now time.Time, p Policy) bool {
	return now.Sub(s.LastSeen) < p.IdleTimeout && now.Sub(s.Created) < p.MaxSession
}

// APIToken is a bearer token for the JSON API. Like sessions, only its hash
// is stored; the token itself is shown once.
type APIToken struct {
	ID       int64
	UserID   int64
	Name     string
	Hash     string
	Created  time.Time
	LastUsed time.Time
	Expires  time.Time
	Revoked  time.Time // zero while the token is good
}

// Active reports whether the token can be used at now.
func (t *APIToken) Active(now time.Time) bool { return t.Revoked.IsZero() && now.Before(t.Expires) }

// TokenPrefix marks gongkai API tokens so secret scanners can find leaked ones.
const TokenPrefix = "gk_"

// NewSecret returns a random URL-safe secret of 32 bytes.
func NewSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("auth: no randomness: " + err.Error()) // the OS random source does not fail on Linux
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashSecret is the stored form of a session or API token.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// NewAPIToken returns a token string and its stored row for user, valid
// for ttl (zero: DefaultTokenTTL).
func NewAPIToken(userID int64, name string, now time.Time, ttl time.Duration) (string, APIToken) {
	if ttl <= 0 {
		ttl = DefaultTokenTTL
	}
	tok := TokenPrefix + NewSecret()
	return tok, APIToken{UserID: userID, Name: name, Hash: HashSecret(tok), Created: now, Expires: now.Add(ttl)}
}

// Repo is what the auth service needs from storage. Each method is one
// transaction; the ones that change state also append the audit event.
type Repo interface {
	UserByUsername(ctx context.Context, username string) (*User, error)
	UserByID(ctx context.Context, id int64) (*User, error)
	// LoginThrottled reports whether the policy stops address from trying
	// the account userID (0: an unknown user name) now.
	LoginThrottled(ctx context.Context, userID int64, address string, p Policy) (bool, error)
	// RecordLoginFailure counts a failed login of the account userID (0:
	// an unknown user name) from address, and locks the account when the
	// policy says so.
	RecordLoginFailure(ctx context.Context, userID int64, address string, p Policy) error
	// CreateSession stores s and clears the failures of its user from its address.
	CreateSession(ctx context.Context, s *Session) error
	SessionByID(ctx context.Context, id string) (*Session, error)
	TouchSession(ctx context.Context, id string, at time.Time) error
	DeleteSession(ctx context.Context, id string, actor string) error
	TokenByHash(ctx context.Context, hash string) (*APIToken, error)
	TouchToken(ctx context.Context, id int64, at time.Time) error
}

// Service answers "who is this?" for the web layer.
type Service struct {
	Repo   Repo
	Policy Policy
	Now    func() time.Time
	// Hasher makes the stand-in hash checked for unknown users; it should
	// be the store's, so both paths cost the same. Zero is DefaultHasher.
	Hasher Hasher
}

// errBadCredentials is the one answer to every failed login: an unknown
// user name, a wrong password, a disabled or locked account and a stopped
// address look the same, so the login form tells nobody which accounts
// exist or are locked.
var errBadCredentials = errs.New(errs.Unauthenticated, "auth.Login", "bad_credentials",
	"用户名或密码错误。")

// Login checks a username and password from the client address and opens a
// session. Every attempt takes the same path: one password verification
// (against a stand-in hash for unknown users), one throttle check and, on
// failure, one recorded failure.
func (s *Service) Login(ctx context.Context, username, password, address string) (*Session, *User, error) {
	const op = "auth.Login"
	username = strings.ToLower(strings.TrimSpace(username))
	u, err := s.Repo.UserByUsername(ctx, username)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return nil, nil, errs.Wrap(op, err)
	}
	hash, userID := s.Hasher.dummyHash(), int64(0)
	if u != nil && err == nil {
		hash, userID = u.PasswordHash, u.ID
	}
	ok := VerifyPassword(hash, password)
	throttled, err := s.Repo.LoginThrottled(ctx, userID, address, s.Policy)
	if err != nil {
		return nil, nil, errs.Wrap(op, err)
	}
	now := s.Now()
	if throttled {
		return nil, nil, errBadCredentials
	}
	if userID == 0 || !ok || u.Disabled || u.Locked(now) {
		if err := s.Repo.RecordLoginFailure(ctx, userID, address, s.Policy); err != nil {
			return nil, nil, errs.Wrap(op, err)
		}
		return nil, nil, errBadCredentials
	}
	token := NewSecret()
	sess := &Session{Token: token, ID: HashSecret(token), UserID: u.ID, CSRF: NewSecret(), Created: now, LastSeen: now, Address: address}
	if err := s.Repo.CreateSession(ctx, sess); err != nil {
		return nil, nil, errs.Wrap(op, err)
	}
	return sess, u, nil
}

// CheckPassword verifies the current password of a signed-in user (the
// change-password form). A wrong one counts as a failed login from
// address; once the policy stops the address, the answer is
// Unauthenticated and the caller ends the session, so a borrowed session
// cannot guess the password either.
func (s *Service) CheckPassword(ctx context.Context, u *User, password, address string) error {
	const op = "auth.CheckPassword"
	ok := VerifyPassword(u.PasswordHash, password)
	throttled, err := s.Repo.LoginThrottled(ctx, u.ID, address, s.Policy)
	if err != nil {
		return errs.Wrap(op, err)
	}
	if !throttled && ok {
		return nil
	}
	if !throttled {
		if err := s.Repo.RecordLoginFailure(ctx, u.ID, address, s.Policy); err != nil {
			return errs.Wrap(op, err)
		}
		if throttled, err = s.Repo.LoginThrottled(ctx, u.ID, address, s.Policy); err != nil {
			return errs.Wrap(op, err)
		}
	}
	if throttled {
		return errs.New(errs.Unauthenticated, op, "too_many_attempts", "当前密码多次输入错误，请重新登录。")
	}
	return errs.New(errs.Invalid, op, "wrong_password", "当前密码不正确。").WithField("current")
}

// Authenticate resolves a session token (from a cookie) to its session and
// user, refreshing the idle timer. Expired or unknown → Unauthenticated.
func (s *Service) Authenticate(ctx context.Context, token string) (*Session, *User, error) {
	const op = "auth.Authenticate"
	expired := errs.New(errs.Unauthenticated, op, "session_expired", "登录已过期，请重新登录。")
	if token == "" {
		return nil, nil, expired
	}
	sess, err := s.Repo.SessionByID(ctx, HashSecret(token))
	if errs.Is(err, errs.NotFound) {
		return nil, nil, expired
	}
	if err != nil {
		return nil, nil, errs.Wrap(op, err)
	}
	now := s.Now()
	if !sess.Valid(now, s.Policy) {
		return nil, nil, expired
	}
	u, err := s.activeUser(ctx, sess.UserID, now)
	if err != nil {
		return nil, nil, err
	}
	// Refresh at most once a minute: a page view should not always be a write.
	if now.Sub(sess.LastSeen) > time.Minute {
		if err := s.Repo.TouchSession(ctx, sess.ID, now); err != nil {
			return nil, nil, errs.Wrap(op, err)
		}
		sess.LastSeen = now
	}
	return sess, u, nil
}

// AuthenticateToken resolves an API bearer token to its user.
func (s *Service) AuthenticateToken(ctx context.Context, token string) (*User, error) {
	const op = "auth.AuthenticateToken"
	bad := errs.New(errs.Unauthenticated, op, "bad_token", "API 令牌无效或已吊销。")
	if !strings.HasPrefix(token, TokenPrefix) {
		return nil, bad
	}
	t, err := s.Repo.TokenByHash(ctx, HashSecret(token))
	if errs.Is(err, errs.NotFound) {
		return nil, bad
	}
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	now := s.Now()
	if !t.Active(now) {
		return nil, errs.New(errs.Unauthenticated, op, "token_expired", "API 令牌已过期，请重新申请。")
	}
	u, err := s.activeUser(ctx, t.UserID, now)
	if err != nil {
		return nil, err
	}
	if u.MustChangePassword {
		return nil, errPasswordChange
	}
	if now.Sub(t.LastUsed) > time.Minute {
		if err := s.Repo.TouchToken(ctx, t.ID, now); err != nil {
			return nil, errs.Wrap(op, err)
		}
	}
	return u, nil
}

func (s *Service) activeUser(ctx context.Context, id int64, now time.Time) (*User, error) {
	u, err := s.Repo.UserByID(ctx, id)
	if err != nil {
		return nil, errs.Wrap("auth.activeUser", err)
	}
	if u.Disabled || u.Locked(now) {
		return nil, errs.New(errs.Unauthenticated, "auth.activeUser", "account_unavailable", "该账户已停用或锁定，请联系管理员。")
	}
	return u, nil
}

// errPasswordChange refuses the API to an account whose password was reset
// until it has chosen its own (PasswordChangeRequired).
var errPasswordChange = errs.New(errs.Forbidden, "auth", PasswordChangeRequired, "密码已被重置，请先登录网站修改密码。")

// PasswordChangeRequired is the error code of every request, other than
// changing the password, by an account whose password is temporary.
const PasswordChangeRequired = "password_change_required"

// RequirePasswordChange refuses u anything but changing its password while
// its password is temporary.
func RequirePasswordChange(u *User) error {
	if u != nil && u.MustChangePassword {
		return errPasswordChange
	}
	return nil
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, sess *Session, actor string) error {
	return s.Repo.DeleteSession(ctx, sess.ID, actor)
}
