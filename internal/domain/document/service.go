package document

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gabriel-vasile/mimetype"
	"github.com/google/uuid"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
)

// DefaultMaxSize is a document's size limit unless configured otherwise.
const DefaultMaxSize = 50 << 20

// MaxPerParent bounds a parent's documents, so that listing them is one
// bounded answer.
const MaxPerParent = 100

// headSize is how much of the content the type is told from: enough for the
// first entries of an Office (zip) file.
const headSize = 8 << 10

func init() { mimetype.SetLimit(headSize) }

// allowed are the media types accepted, as detected from the content: PDF,
// images, Office documents (old and new, and OpenDocument), plain text and
// zip. Nothing a browser would run (HTML, SVG, scripts) is among them.
var allowed = []string{
	"application/pdf",
	"image/png", "image/jpeg", "image/gif", "image/webp", "image/tiff", "image/bmp",
	"text/plain", "text/csv",
	"application/zip",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation",
	"application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint", "application/x-ole-storage",
	"application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
	"application/vnd.oasis.opendocument.presentation",
}

// Detect tells a content's media type from its first bytes and whether it
// is accepted. Text keeps its charset parameter.
func Detect(head []byte) (mediaType string, ok bool) {
	m := mimetype.Detect(head)
	base, _, err := mime.ParseMediaType(m.String())
	if err != nil {
		return m.String(), false
	}
	return m.String(), slices.Contains(allowed, base)
}

// extensions are the file name endings each accepted type may carry. A name
// and its content must agree: a script-bearing SVG named x.png is no PNG, and
// is refused rather than kept as text under an image's name. Office files
// may be told as the zip or OLE container they are when their telling entries
// lie past the first 8 KiB. A name without an extension claims no type.
var extensions = map[string][]string{
	"application/pdf": {".pdf"},
	"image/png":       {".png"}, "image/jpeg": {".jpg", ".jpeg", ".jpe", ".jfif"}, "image/gif": {".gif"},
	"image/webp": {".webp"}, "image/tiff": {".tif", ".tiff"}, "image/bmp": {".bmp"},
	"text/plain": {".txt", ".text", ".csv", ".log", ".md"}, "text/csv": {".csv", ".txt"},
	"application/zip": {".zip", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"},
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   {".docx"},
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         {".xlsx"},
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": {".pptx"},
	"application/msword": {".doc"}, "application/vnd.ms-excel": {".xls"}, "application/vnd.ms-powerpoint": {".ppt"},
	"application/x-ole-storage":               {".doc", ".xls", ".ppt"},
	"application/vnd.oasis.opendocument.text": {".odt"}, "application/vnd.oasis.opendocument.spreadsheet": {".ods"},
	"application/vnd.oasis.opendocument.presentation": {".odp"},
}

// NameFits reports whether a file's name agrees with its detected media type.
func NameFits(name, mediaType string) bool {
	ext := strings.ToLower(path.Ext(name))
	if ext == "" || ext == "." {
		return true
	}
	base, _, _ := mime.ParseMediaType(mediaType)
	return slices.Contains(extensions[base], ext)
}

// Service is the documents' use cases.
type Service struct {
	repo    Repository
	store   Storage
	parents map[ParentType]ParentAccess
	audit   *audit.Service
	tx      domain.Transactor
	clock   domain.Clock
	maxSize int64
	log     *slog.Logger
}

// Deps are the service's collaborators.
type Deps struct {
	Repo    Repository
	Storage Storage
	Audit   *audit.Service
	Tx      domain.Transactor
	Clock   domain.Clock
	MaxSize int64 // 0: DefaultMaxSize
	Log     *slog.Logger
}

func NewService(d Deps) *Service {
	if d.MaxSize <= 0 {
		d.MaxSize = DefaultMaxSize
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	return &Service{repo: d.Repo, store: d.Storage, parents: map[ParentType]ParentAccess{}, audit: d.Audit, tx: d.Tx,
		clock: d.Clock, maxSize: d.MaxSize, log: d.Log}
}

// Register names the service that answers for a parent type's access.
func (s *Service) Register(t ParentType, f ParentAccess) { s.parents[t] = f }

// MaxSize is the size limit of one document.
func (s *Service) MaxSize() int64 { return s.maxSize }

func (s *Service) parent(t ParentType) (ParentAccess, error) {
	f, ok := s.parents[t]
	if !ok {
		return nil, fmt.Errorf("document: no access rule for parent type %q", t)
	}
	return f, nil
}

// Upload is a file on its way in.
type Upload struct {
	Name string // as the client named it
	Kind string // "" is other
	Body io.Reader
}

// CleanName makes a client's file name safe to keep and to send back: the
// last path element, no control or text-direction characters, at most 200
// characters.
func CleanName(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || domain.BidiControl(r) || r == '"' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > 200 {
		r := []rune(name)
		name = string(r[len(r)-200:])
	}
	return name
}

func parseKind(k string) (Kind, bool) {
	if k == "" {
		return KindOther, true
	}
	return domain.ParseEnum(k, Kinds())
}

// check validates what an upload says about itself: the caller may add to
// the parent, the kind and the name are good and the parent has room. Add
// runs it before a byte is stored and again in the transaction of the row.
func (s *Service) check(ctx context.Context, a domain.Actor, t ParentType, parentID string, in Upload) (Kind, string, error) {
	access, err := s.parent(t)
	if err != nil {
		return "", "", err
	}
	edit, err := access(ctx, a, parentID)
	if err != nil {
		return "", "", err
	}
	if edit != nil {
		return "", "", edit
	}
	var p domain.Problems
	kind, ok := parseKind(in.Kind)
	if !ok {
		p.Add("kind", domain.CodeOneOf, "allowed", domain.EnumList(Kinds()))
	}
	name := CleanName(in.Name)
	if name == "" {
		p.Add("file", codeFileName)
	}
	if err := p.Err(); err != nil {
		return "", "", err
	}
	n, err := s.repo.Count(ctx, t, parentID)
	if err != nil {
		return "", "", err
	}
	if n >= MaxPerParent {
		return "", "", domain.Conflict(domain.Msg("at most %d documents each: remove one first", "每项最多 %d 个附件，请先删除一个"), MaxPerParent)
	}
	return kind, name, nil
}

// Add stores an upload's bytes and then, in one transaction, its metadata
// and audit record, after checking again that the caller may still add to
// the parent (a bid's deadline may pass while the bytes arrive). Refused or
// failed, it leaves neither row nor bytes.
func (s *Service) Add(ctx context.Context, a domain.Actor, t ParentType, parentID string, in Upload) (Document, error) {
	_, name, err := s.check(ctx, a, t, parentID, in)
	if err != nil {
		return Document{}, err
	}
	head := make([]byte, headSize)
	n, err := io.ReadFull(in.Body, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return Document{}, err
	}
	head = head[:n]
	if n == 0 {
		return Document{}, domain.Invalid(domain.Msg("the file is empty", "文件为空"), domain.Problem("file", codeEmptyFile))
	}
	media, ok := Detect(head)
	if !ok {
		return Document{}, domain.UnsupportedType(domain.Msg("files of type %s are not accepted: upload PDF, images, Office documents, plain text or zip", "不接受 %s 类型的文件：请上传 PDF、图片、Office 文档、纯文本或 zip 压缩包"), media)
	}
	if !NameFits(name, media) {
		return Document{}, domain.UnsupportedType(domain.Msg("the file's name does not fit its content (%s): name it with its type's extension", "文件名与文件内容（%s）不符：请使用与文件类型相符的扩展名"), media)
	}
	now := s.clock.Now()
	d := Document{ID: domain.NewID(), ParentType: t, ParentID: parentID, MediaType: media, UploadedBy: a.UserID,
		UploaderOrgID: a.OrgID, CreatedAt: now}
	d.StorageKey = d.ID
	stored, err := s.store.Put(ctx, d.StorageKey, io.MultiReader(bytes.NewReader(head), in.Body), media, s.maxSize)
	if errors.Is(err, ErrTooLarge) {
		return Document{}, domain.TooLarge(domain.Msg("a document is at most %d MiB", "单个附件不能超过 %d MiB"), s.maxSize>>20)
	} else if err != nil {
		return Document{}, err
	}
	d.Size, d.SHA256 = stored.Size, stored.SHA256
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		kind, name, err := s.check(ctx, a, t, parentID, in)
		if err != nil {
			return err
		}
		d.Kind, d.Name = kind, name
		if err := s.repo.Create(ctx, d); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "document.upload", Entity: "document", EntityID: d.ID,
			Changes: map[string]any{audit.ParentTypeKey: t, audit.ParentIDKey: parentID, "name": d.Name, "kind": d.Kind,
				"media_type": d.MediaType, "size": d.Size, "sha256": d.SHA256}})
	})
	if err != nil {
		s.discard(ctx, d.StorageKey)
		return Document{}, err
	}
	return d, nil
}

// discard removes bytes no row will name; if that fails the sweep does it later.
func (s *Service) discard(ctx context.Context, key string) {
	if err := s.store.Delete(context.WithoutCancel(ctx), key); err != nil {
		s.log.Warn("remove a document's bytes (the sweep will retry)", "key", key, "err", err)
	}
}

// List is a parent's documents, for whoever may read the parent.
func (s *Service) List(ctx context.Context, a domain.Actor, t ParentType, parentID string) ([]Document, error) {
	access, err := s.parent(t)
	if err != nil {
		return nil, err
	}
	if _, err := access(ctx, a, parentID); err != nil {
		return nil, err
	}
	return s.repo.List(ctx, t, parentID)
}

func notFound(id string) error {
	return domain.NotFound(domain.Msg("document %s not found", "未找到附件 %s"), id)
}

// load reads a document the caller may see: one whose parent it may read.
// Anything else is "not found", whatever the parent's own answer said.
func (s *Service) load(ctx context.Context, a domain.Actor, id string) (Document, error, error) {
	d, err := s.repo.Get(ctx, id)
	if domain.KindOf(err) == domain.KindNotFound {
		return Document{}, nil, notFound(id)
	} else if err != nil {
		return Document{}, nil, err
	}
	access, err := s.parent(d.ParentType)
	if err != nil {
		return Document{}, nil, err
	}
	edit, err := access(ctx, a, d.ParentID)
	switch domain.KindOf(err) {
	case domain.KindNotFound, domain.KindForbidden, domain.KindUnauthenticated:
		return Document{}, nil, notFound(id)
	}
	if err != nil {
		return Document{}, nil, err
	}
	return d, edit, nil
}

// Get is one document's metadata.
func (s *Service) Get(ctx context.Context, a domain.Actor, id string) (Document, error) {
	d, _, err := s.load(ctx, a, id)
	return d, err
}

// Open is a document's metadata and its bytes; the caller closes them.
func (s *Service) Open(ctx context.Context, a domain.Actor, id string) (Document, Content, error) {
	d, _, err := s.load(ctx, a, id)
	if err != nil {
		return Document{}, nil, err
	}
	c, err := s.store.Open(ctx, d.StorageKey)
	if err != nil {
		return Document{}, nil, fmt.Errorf("document %s: open %s: %w", d.ID, d.StorageKey, err)
	}
	return d, c, nil
}

// Delete: the uploader removes a document while the parent is still
// editable; otherwise it stays for the record. The row goes in the
// transaction, the bytes after it commits.
func (s *Service) Delete(ctx context.Context, a domain.Actor, id string) error {
	var d Document
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var (
			edit error
			err  error
		)
		if d, edit, err = s.load(ctx, a, id); err != nil {
			return err
		}
		if d.UploadedBy != a.UserID {
			return domain.Forbidden(domain.Msg("only the uploader removes a document", "只有上传者可以删除附件"))
		}
		if edit != nil {
			return domain.Conflict(domain.Msg("this can no longer be changed: its documents stay for the record", "已不能修改，其附件留档备查"))
		}
		if err := s.repo.Delete(ctx, d.ID); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "document.delete", Entity: "document", EntityID: d.ID,
			Changes: map[string]any{audit.ParentTypeKey: d.ParentType, audit.ParentIDKey: d.ParentID, "name": d.Name, "sha256": d.SHA256}})
	})
	if err != nil {
		return err
	}
	s.discard(ctx, d.StorageKey)
	return nil
}

// SweepOrphans removes stored bytes that no row names and that are older
// than grace (an upload in progress has bytes and no row yet). A key is a
// document id, a UUIDv7 that carries its own time; keys that are not are
// left alone. Several processes may sweep at once: deleting is idempotent.
func (s *Service) SweepOrphans(ctx context.Context, grace time.Duration) (int, error) {
	keys, err := s.store.Keys(ctx)
	if err != nil {
		return 0, err
	}
	cutoff := s.clock.Now().Add(-grace)
	var old []string
	for _, k := range keys {
		u, err := uuid.Parse(k)
		if err != nil || u.Version() != 7 {
			continue
		}
		sec, nsec := u.Time().UnixTime()
		if time.Unix(sec, nsec).Before(cutoff) {
			old = append(old, k)
		}
	}
	removed := 0
	for chunk := range slices.Chunk(old, 500) {
		have, err := s.repo.Existing(ctx, chunk)
		if err != nil {
			return removed, err
		}
		for _, k := range chunk {
			if have[k] {
				continue
			}
			if err := s.store.Delete(ctx, k); err != nil {
				return removed, err
			}
			removed++
		}
	}
	return removed, nil
}

var (
	codeFileName  = domain.NewCode("document.name", "the file has no name", "文件没有名称")
	codeEmptyFile = domain.NewCode("document.empty", "the file is empty", "文件为空")
)
