package handlers

import (
	"cmp"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/document"
)

// UploadDoc documents an upload's form in the OpenAPI document.
type UploadDoc struct {
	File    string         // what the file is
	Fields  map[string]any // other form fields: name → JSON schema
	Sniffed bool           // the type is checked from the content (415)
}

// DocumentDTO is a document's metadata.
type DocumentDTO struct {
	ID            string    `json:"id"`
	Name          string    `json:"name"`
	MediaType     string    `json:"media_type"`
	Size          int64     `json:"size"`
	SHA256        string    `json:"sha256"`
	Kind          string    `json:"kind" enum:"document.kind"`
	ParentType    string    `json:"parent_type" enum:"document.parent_type"`
	ParentID      string    `json:"parent_id"`
	UploadedBy    string    `json:"uploaded_by"`
	UploaderOrgID string    `json:"uploader_org_id"`
	UploaderOrg   string    `json:"uploader_org"`
	CreatedAt     time.Time `json:"created_at"`
}

func (d *DocumentDTO) orgRefs() []orgRef { return []orgRef{{d.UploaderOrgID, &d.UploaderOrg}} }

func documentDTO(d document.Document) DocumentDTO {
	return DocumentDTO{ID: d.ID, Name: d.Name, MediaType: d.MediaType, Size: d.Size, SHA256: d.SHA256, Kind: string(d.Kind),
		ParentType: string(d.ParentType), ParentID: d.ParentID, UploadedBy: d.UploadedBy, UploaderOrgID: d.UploaderOrgID,
		CreatedAt: d.CreatedAt}
}

// bodyErr remembers the error reading the request body gave, so that a
// failure can be told apart: the client's upload broke off (400) or went past
// the limit (413), or the server's storage failed (500).
type bodyErr struct {
	r   io.Reader
	err error
}

func (b *bodyErr) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && err != io.EOF {
		b.err = err
	}
	return n, err
}

var errNoFile = domain.BadRequest(domain.Msg("send the file as multipart/form-data in the field \"file\" (and optionally \"kind\" before it)", "请以 multipart/form-data 格式在 \"file\" 字段上传文件（可在其前以 \"kind\" 字段注明类别）"))

// uploadDocument streams a multipart upload into storage: "kind" (optional,
// before the file) and "file". Nothing holds the whole file: the form is
// read part by part and the file part goes straight to storage.
func (s *Server) uploadDocument(t document.ParentType) echo.HandlerFunc {
	return func(c echo.Context) error {
		mr, err := c.Request().MultipartReader()
		if err != nil {
			return errNoFile
		}
		kind := ""
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				return errNoFile
			} else if err != nil {
				return bodyReadError(err, errNoFile)
			}
			switch part.FormName() {
			case "kind":
				b, err := io.ReadAll(io.LimitReader(part, 64))
				if err != nil {
					return bodyReadError(err, errNoFile)
				}
				kind = strings.TrimSpace(string(b))
			case "file":
				body := &bodyErr{r: part}
				in := document.Upload{Name: part.FileName(), Kind: kind, Body: body}
				d, err := s.deps.Documents.Add(ctxOf(c), actorOf(c), t, c.Param("id"), in)
				if err != nil && body.err != nil {
					return bodyReadError(body.err, domain.BadRequest(domain.Msg("the upload broke off: send the file again", "上传中断，请重新上传")))
				}
				return reply(c, http.StatusCreated, documentDTO)(d, err)
			default:
				return domain.BadRequest(domain.Msg("unknown form field %q: send \"kind\" and \"file\"", "未知的表单字段 %q：请发送 \"kind\" 和 \"file\""), part.FormName())
			}
		}
	}
}

func (s *Server) listDocuments(t document.ParentType) echo.HandlerFunc {
	return func(c echo.Context) error {
		return replyItems(c, documentDTO)(s.deps.Documents.List(ctxOf(c), actorOf(c), t, c.Param("id")))
	}
}

func (s *Server) getDocument(c echo.Context) error {
	return reply(c, http.StatusOK, documentDTO)(s.deps.Documents.Get(ctxOf(c), actorOf(c), c.Param("id")))
}

func (s *Server) deleteDocument(c echo.Context) error {
	if err := s.deps.Documents.Delete(ctxOf(c), actorOf(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// documentContent streams a document's bytes with its stored type, its name
// (RFC 6266 with the UTF-8 name of RFC 5987), its digest as the ETag, and
// ranges (http.ServeContent answers Range, If-Range and If-None-Match).
func (s *Server) documentContent(c echo.Context) error {
	d, content, err := s.deps.Documents.Open(ctxOf(c), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	defer content.Close()
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, d.MediaType)
	h.Set(echo.HeaderContentDisposition, ContentDisposition("attachment", d.Name))
	h.Set("ETag", `"`+d.SHA256+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-cache")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	if !reasonableRanges(c.Request().Header.Get("Range"), d.Size) {
		h.Set("Content-Range", fmt.Sprintf("bytes */%d", d.Size))
		return echo.NewHTTPError(http.StatusRequestedRangeNotSatisfiable,
			domain.Msg("ask for at most 8 byte ranges, none overlapping", "一次最多请求 8 个互不重叠的字节范围"))
	}
	http.ServeContent(c.Response(), c.Request(), "", d.CreatedAt, content)
	return nil
}

// maxRanges is the most byte ranges one download may ask for. Readers and
// download managers ask for one, or a few; thousands of tiny or overlapping
// ranges only multiply the bytes sent (a multipart part's headers for each).
// (The refusal's words, in both languages, say the number: keep them equal.)
const maxRanges = 8

// reasonableRanges reports whether a Range header asks for at most maxRanges
// ranges of a body of size bytes, no two of them overlapping. A header that
// is not a byte-range set, and ranges past the end, are http.ServeContent's
// to answer (a full body or 416).
func reasonableRanges(header string, size int64) bool {
	specs, ok := strings.CutPrefix(header, "bytes=")
	if !ok {
		return true
	}
	parts := strings.Split(specs, ",")
	if len(parts) > maxRanges {
		return false
	}
	type span struct{ start, end int64 }
	var spans []span
	for _, p := range parts {
		first, last, ok := strings.Cut(strings.TrimSpace(p), "-")
		if !ok {
			return true
		}
		var sp span
		switch a, errA := strconv.ParseInt(first, 10, 64); {
		case first == "": // the last n bytes
			n, err := strconv.ParseInt(last, 10, 64)
			if err != nil {
				return true
			}
			sp = span{max(size-n, 0), size - 1}
		case errA != nil:
			return true
		case last == "":
			sp = span{a, size - 1}
		default:
			b, err := strconv.ParseInt(last, 10, 64)
			if err != nil {
				return true
			}
			sp = span{a, min(b, size-1)}
		}
		if sp.start < size && sp.start <= sp.end {
			spans = append(spans, sp)
		}
	}
	slices.SortFunc(spans, func(x, y span) int { return cmp.Compare(x.start, y.start) })
	for i := 1; i < len(spans); i++ {
		if spans[i].start <= spans[i-1].end {
			return false
		}
	}
	return true
}

// ContentDisposition is the header that names a download: an ASCII fallback
// for old clients and the UTF-8 name (RFC 5987) every current one reads.
func ContentDisposition(disposition, name string) string {
	var ascii, ext strings.Builder
	for _, r := range name {
		if r >= 0x20 && r < 0x7f && r != '"' && r != '\\' && r != '%' {
			ascii.WriteRune(r)
		} else {
			ascii.WriteByte('_')
		}
	}
	for _, b := range []byte(name) {
		if ('a' <= b && b <= 'z') || ('A' <= b && b <= 'Z') || ('0' <= b && b <= '9') || strings.IndexByte("!#$&+-.^_`|~", b) >= 0 {
			ext.WriteByte(b)
		} else {
			fmt.Fprintf(&ext, "%%%02X", b)
		}
	}
	return fmt.Sprintf(`%s; filename="%s"; filename*=UTF-8''%s`, disposition, ascii.String(), ext.String())
}

// documentRoutes are the routes of one parent's documents.
func (s *Server) documentRoutes(t document.ParentType, path, what, who string, roles Access) []Route {
	const v1 = "/api/v1"
	op := ""
	for _, w := range strings.Split(string(t), "_") {
		op += strings.ToUpper(w[:1]) + w[1:]
	}
	max := s.deps.Documents.MaxSize()
	return []Route{
		{Method: http.MethodPost, Path: v1 + path + "/documents", OperationID: "upload" + op + "Document", Tag: "documents",
			Summary: fmt.Sprintf("Attach a document to %s (%s); at most %d MiB, its type checked from the content", what, who, max>>20),
			Access:  roles, Upload: true, UploadDoc: &UploadDoc{Sniffed: true,
				File: fmt.Sprintf("the file (PDF, image, Office document, plain text or zip; at most %d MiB)", max>>20),
				Fields: map[string]any{"kind": map[string]any{"type": "string", "enum": enumValues("document.kind"),
					"description": "what the document is (default other); send it before the file"}}},
			MaxBody: max + formOverhead, Streams: true,
			Response: DocumentDTO{}, Status: http.StatusCreated, Handler: s.uploadDocument(t)},
		{Method: http.MethodGet, Path: v1 + path + "/documents", OperationID: "list" + op + "Documents", Tag: "documents",
			Summary: fmt.Sprintf("The documents of %s, oldest first (whoever may read it)", what), Access: signedIn,
			Response: Items[DocumentDTO]{}, Status: http.StatusOK, Handler: s.listDocuments(t)},
	}
}

func (s *Server) documentsRoutes() []Route {
	const v1 = "/api/v1"
	var rs []Route
	rs = append(rs, s.documentRoutes(document.ParentChallenge, "/challenges/:id", "a challenge", "its owner, while a draft", roles(enterprise))...)
	rs = append(rs, s.documentRoutes(document.ParentBid, "/bids/:id", "a bid", "the bidding organization, until the deadline; sealed with the bid", roles(enterprise, institute))...)
	rs = append(rs, s.documentRoutes(document.ParentProject, "/projects/:id", "a project", "its lead organization and program managers, until it ends", roles(pm, enterprise, institute))...)
	rs = append(rs, s.documentRoutes(document.ParentChangeRequest, "/change-requests/:id", "a change request", "the lead organization, while it is pending", roles(enterprise, institute))...)
	rs = append(rs, s.documentRoutes(document.ParentReport, "/reports/:id", "a report", "the lead organization, until it is submitted (again once returned)", roles(enterprise, institute))...)
	rs = append(rs, s.documentRoutes(document.ParentScenarioApplication, "/scenario-applications/:id", "a scenario application", "the project's lead organization, until the trial's result", roles(enterprise, institute))...)
	return append(rs,
		Route{Method: http.MethodGet, Path: v1 + "/documents/:id", OperationID: "getDocument", Tag: "documents",
			Summary: "A document's metadata (whoever may read its parent; a sealed bid's are 404 to everyone else)", Access: signedIn,
			Response: DocumentDTO{}, Status: http.StatusOK, Handler: s.getDocument},
		Route{Method: http.MethodGet, Path: v1 + "/documents/:id/content", OperationID: "getDocumentContent", Tag: "documents",
			Summary: "A document's bytes: its stored type, Content-Disposition with the UTF-8 name, ETag = the SHA-256, Range supported",
			Access:  signedIn, Produces: "application/octet-stream", Streams: true, Status: http.StatusOK, Handler: s.documentContent},
		Route{Method: http.MethodDelete, Path: v1 + "/documents/:id", OperationID: "deleteDocument", Tag: "documents",
			Summary: "Remove a document (its uploader, while the parent is editable; otherwise it stays for the record: 409)",
			Access:  signedIn, Status: http.StatusNoContent, Handler: s.deleteDocument},
	)
}
