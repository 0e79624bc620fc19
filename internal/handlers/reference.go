package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain/reference"
)

func (s *Server) listFields(c echo.Context) error {
	return replyItems(c, fieldDTO)(s.deps.Reference.Fields(ctxOf(c)))
}

func (s *Server) listCategories(c echo.Context) error {
	cs, err := s.deps.Reference.Categories(ctxOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Items[NamedDTO]{Items: mapSlice(cs, func(x reference.Category) NamedDTO { return NamedDTO(x) })})
}

func (s *Server) listDistricts(c echo.Context) error {
	ds, err := s.deps.Reference.Districts(ctxOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Items[NamedDTO]{Items: mapSlice(ds, func(x reference.District) NamedDTO { return NamedDTO(x) })})
}

// CreateFieldRequest is an admin's POST /fields.
type CreateFieldRequest struct {
	ID          string  `json:"id" validate:"required,max=40" jsonschema:"pattern=^[a-z][a-z0-9_]{1\\,39}$"`
	ParentID    *string `json:"parent_id,omitempty" validate:"omitnil,max=40"`
	Name        string  `json:"name" validate:"required,max=100"`
	NameEn      string  `json:"name_en" validate:"required,max=100"`
	Priority315 bool    `json:"priority_315"`
}

func (s *Server) createField(c echo.Context) error {
	var in CreateFieldRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, fieldDTO)(s.deps.Reference.CreateField(ctxOf(c), actorOf(c), reference.NewField(in)))
}

// UpdateFieldRequest is an admin's PATCH /fields/{id}.
type UpdateFieldRequest struct {
	Name        *string `json:"name,omitempty" validate:"omitnil,max=100"`
	NameEn      *string `json:"name_en,omitempty" validate:"omitnil,max=100"`
	Priority315 *bool   `json:"priority_315,omitempty"`
	Version     *int    `json:"version,omitempty"`
}

func (s *Server) updateField(c echo.Context) error {
	var in UpdateFieldRequest
	version, err := decodeVersioned(c, &in, &in.Version)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, fieldDTO)(s.deps.Reference.UpdateField(ctxOf(c), actorOf(c), c.Param("id"), reference.FieldChanges{
		Name: in.Name, NameEn: in.NameEn, Priority315: in.Priority315, Version: version}))
}

// FieldDTO is a technology field.
type FieldDTO struct {
	ID          string    `json:"id"`
	ParentID    *string   `json:"parent_id"`
	Name        string    `json:"name"`
	NameEn      string    `json:"name_en"`
	Priority315 bool      `json:"priority_315"`
	Version     int       `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func fieldDTO(f reference.Field) FieldDTO {
	return FieldDTO{ID: f.ID, ParentID: f.ParentID, Name: f.Name, NameEn: f.NameEn, Priority315: f.Priority315,
		Version: f.Version, CreatedAt: f.CreatedAt, UpdatedAt: f.UpdatedAt}
}

// NamedDTO is a category or a district.
type NamedDTO struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
}

// referenceRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) referenceRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		// Reference data
		{Method: http.MethodGet, Path: v1 + "/fields", OperationID: "listFields", Tag: "reference",
			Summary: "The two-level field taxonomy with the 315 priority flag", Access: anyone, Response: Items[FieldDTO]{},
			Status: http.StatusOK, Handler: s.listFields},
		{Method: http.MethodPost, Path: v1 + "/fields", OperationID: "createField", Tag: "reference",
			Summary: "Add a field", Access: roles(admin), Body: CreateFieldRequest{}, Response: FieldDTO{},
			Status: http.StatusCreated, Idempotent: true, Handler: s.createField},
		{Method: http.MethodPatch, Path: v1 + "/fields/:id", OperationID: "updateField", Tag: "reference",
			Summary: "Rename a field or change its 315 flag", Access: roles(admin), Body: UpdateFieldRequest{},
			Response: FieldDTO{}, Status: http.StatusOK, Handler: s.updateField},
		{Method: http.MethodGet, Path: v1 + "/categories", OperationID: "listCategories", Tag: "reference",
			Summary: "The four project categories", Access: anyone, Response: Items[NamedDTO]{}, Status: http.StatusOK,
			Handler: s.listCategories},
		{Method: http.MethodGet, Path: v1 + "/districts", OperationID: "listDistricts", Tag: "reference",
			Summary: "Ningbo's districts", Access: anyone, Response: Items[NamedDTO]{}, Status: http.StatusOK,
			Handler: s.listDistricts},
	}
}
