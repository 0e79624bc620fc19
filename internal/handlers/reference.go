package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain/reference"
)

func (s *Server) listFields(c echo.Context) error {
	fs, err := s.deps.Reference.Fields(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Items[FieldDTO]{Items: mapSlice(fs, fieldDTO)})
}

func (s *Server) listCategories(c echo.Context) error {
	cs, err := s.deps.Reference.Categories(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Items[NamedDTO]{Items: mapSlice(cs, func(x reference.Category) NamedDTO { return NamedDTO(x) })})
}

func (s *Server) listDistricts(c echo.Context) error {
	ds, err := s.deps.Reference.Districts(c.Request().Context())
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
	f, err := s.deps.Reference.CreateField(c.Request().Context(), actorOf(c), reference.NewField(in))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, fieldDTO(f))
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
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	version, err := ifMatch(c, in.Version)
	if err != nil {
		return err
	}
	f, err := s.deps.Reference.UpdateField(c.Request().Context(), actorOf(c), c.Param("id"), reference.FieldChanges{
		Name: in.Name, NameEn: in.NameEn, Priority315: in.Priority315, Version: version})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, fieldDTO(f))
}
