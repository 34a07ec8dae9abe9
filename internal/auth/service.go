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
type Policy struct {
	MaxFailures   int           // failed logins within FailureWindow that lock the account
	FailureWindow time.Duration // 15 minutes
	LockFor       time.Duration // 15 minutes
	IdleTimeout   time.Duration // 30 minutes without a request ends a session
	MaxSession    time.Duration // absolute cap, even for a busy session
}

// DefaultPolicy is the policy the issue and common 等保 practice ask for.
var DefaultPolicy = Policy{
	MaxFailures:   5,
	FailureWindow: 15 * time.Minute,
	LockFor:       15 * time.Minute,
	IdleTimeout:   30 * time.Minute,
	MaxSession:    12 * time.Hour,
}

// Session is a logged-in browser. The cookie holds Token; the store keeps
// only its hash, so a copy of the database cannot be used to log in.
type Session struct {
	Token    string // only in memory, right after creation
	ID       string // SHA-256 of the token, hex
	UserID   int64
	CSRF     string // per-session token for forms
	Created  time.Time
	LastSeen time.Time
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
}

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

// NewAPIToken returns a token string and its stored row for user.
func NewAPIToken(userID int64, name string, now time.Time) (string, APIToken) {
	tok := TokenPrefix + NewSecret()
	return tok, APIToken{UserID: userID, Name: name, Hash: HashSecret(tok), Created: now}
}

// Repo is what the auth service needs from storage. Each method is one
// transaction; the ones that change state also append the audit event.
type Repo interface {
	UserByUsername(ctx context.Context, username string) (*User, error)
	UserByID(ctx context.Context, id int64) (*User, error)
	// RecordLoginFailure counts a failed login and locks the account when the
	// policy says so; it reports whether the account is now locked.
	RecordLoginFailure(ctx context.Context, userID int64, p Policy) (locked bool, err error)
	// CreateSession stores s and clears the user's failure count.
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

var errBadCredentials = errs.New(errs.Unauthenticated, "auth.Login", "bad_credentials", "用户名或密码错误。")

// Login checks a username and password and opens a session.
func (s *Service) Login(ctx context.Context, username, password string) (*Session, *User, error) {
	const op = "auth.Login"
	username = strings.ToLower(strings.TrimSpace(username))
	u, err := s.Repo.UserByUsername(ctx, username)
	if errs.Is(err, errs.NotFound) {
		VerifyPassword(s.Hasher.dummyHash(), password)
		return nil, nil, errBadCredentials
	}
	if err != nil {
		return nil, nil, errs.Wrap(op, err)
	}
	now := s.Now()
	if u.Disabled {
		VerifyPassword(s.Hasher.dummyHash(), password)
		return nil, nil, errs.New(errs.Unauthenticated, op, "account_disabled", "该账户已停用，请联系系统管理员。")
	}
	if u.Locked(now) {
		return nil, nil, lockedError(u.LockedUntil)
	}
	if !VerifyPassword(u.PasswordHash, password) {
		locked, err := s.Repo.RecordLoginFailure(ctx, u.ID, s.Policy)
		if err != nil {
			return nil, nil, errs.Wrap(op, err)
		}
		if locked {
			return nil, nil, lockedError(now.Add(s.Policy.LockFor))
		}
		return nil, nil, errBadCredentials
	}
	token := NewSecret()
	sess := &Session{Token: token, ID: HashSecret(token), UserID: u.ID, CSRF: NewSecret(), Created: now, LastSeen: now}
	if err := s.Repo.CreateSession(ctx, sess); err != nil {
		return nil, nil, errs.Wrap(op, err)
	}
	return sess, u, nil
}

func lockedError(until time.Time) error {
	return errs.Newf(errs.Unauthenticated, "auth.Login", "account_locked",
		"连续登录失败次数过多，账户已锁定至 %s，或请安全管理员解锁。", until.In(shanghai).Format("15:04"))
}

var shanghai = time.FixedZone("CST", 8*3600)

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
	u, err := s.activeUser(ctx, t.UserID, now)
	if err != nil {
		return nil, err
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

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, sess *Session, actor string) error {
	return s.Repo.DeleteSession(ctx, sess.ID, actor)
}
