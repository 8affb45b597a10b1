package web

import (
	"maps"
	"net/http"
	"regexp"
	"strings"

	"kynnys/access"
)

// apiOp describes an API operation for the OpenAPI document. Schemas are
// OpenAPI 3.1 (JSON Schema 2020-12) fragments.
type apiOp struct {
	ID          string
	Summary     string
	Tag         string
	RequestBody map[string]any // nil when the operation takes no body
	Responses   map[string]apiResponse
}

type apiResponse struct {
	Description string
	Schema      map[string]any // nil for no body
}

var errorSchemaRef = map[string]any{"$ref": "#/components/schemas/Error"}

func errResp(desc string) apiResponse { return apiResponse{Description: desc, Schema: errorSchemaRef} }

var opOpenAPI = &apiOp{ID: "getOpenAPI", Summary: "This OpenAPI document", Tag: "meta",
	Responses: map[string]apiResponse{"200": {Description: "OpenAPI 3.1 document", Schema: map[string]any{"type": "object"}}}}

var opMe = &apiOp{ID: "getMe", Summary: "The user the token belongs to", Tag: "access",
	Responses: map[string]apiResponse{
		"200": {Description: "The token's user", Schema: map[string]any{"$ref": "#/components/schemas/Me"}},
		"401": errResp("No valid token"),
	}}

type meTeam struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	Municipalities []string `json:"municipalities"`
	TargetGroups   []string `json:"target_groups"`
}

type meResponse struct {
	ID    string   `json:"id"`
	Email string   `json:"email"`
	Name  string   `json:"name"`
	Role  string   `json:"role"`
	Teams []meTeam `json:"teams"`
}

func teamJSON(t access.Team) meTeam {
	groups := make([]string, len(t.TargetGroups))
	for i, g := range t.TargetGroups {
		groups[i] = string(g)
	}
	muns := t.Municipalities
	if muns == nil {
		muns = []string{}
	}
	return meTeam{ID: t.ID, Name: t.Name, Municipalities: muns, TargetGroups: groups}
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) {
	u := state(r).user
	resp := meResponse{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), Teams: []meTeam{}}
	for _, t := range u.Teams {
		resp.Teams = append(resp.Teams, teamJSON(t))
	}
	s.writeJSON(w, http.StatusOK, resp)
}

var pathParam = regexp.MustCompile(`\{([a-zA-Z_]+)(\.\.\.)?\}`)

// openAPIDocument describes every registered API route.
func (s *Server) openAPIDocument() map[string]any {
	paths := map[string]any{}
	for _, rt := range s.routes {
		if !rt.api || rt.doc == nil {
			continue
		}
		p := pathParam.ReplaceAllString(rt.path(), "{$1}")
		item, _ := paths[p].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[p] = item
		}
		op := map[string]any{"operationId": rt.doc.ID, "summary": rt.doc.Summary, "tags": []string{rt.doc.Tag}}
		// A copy: the operation descriptions are shared package variables,
		// read by concurrent requests and by every Server.
		docResponses := map[string]apiResponse{}
		maps.Copy(docResponses, rt.doc.Responses)
		if rt.auth == authPublic {
			op["security"] = []any{}
		} else {
			op["description"] = "Roles allowed: " + rolesList(rt.action) + "."
			if _, ok := docResponses["403"]; !ok {
				docResponses["403"] = errResp("The token's role may not do this")
			}
			if _, ok := docResponses["401"]; !ok {
				docResponses["401"] = errResp("No valid token")
			}
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.path(), -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if rt.doc.RequestBody != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": rt.doc.RequestBody}}}
		}
		responses := map[string]any{}
		for code, resp := range docResponses {
			rd := map[string]any{"description": resp.Description}
			if resp.Schema != nil {
				rd["content"] = map[string]any{"application/json": map[string]any{"schema": resp.Schema}}
			}
			responses[code] = rd
		}
		op["responses"] = responses
		item[strings.ToLower(rt.method())] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Kynnys API", "version": s.cfg.Version,
			"description": "Low-threshold social work: directory, encounters, intake, recognition and case work. Errors always have the shape {\"error\":{\"code\",\"message\"}}; messages follow Accept-Language (fi, sv, en)."},
		"servers": []any{map[string]any{"url": "/"}},
		"paths":   paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer",
				"description": "A personal API token made on the account's token page or with `kynnys token create`."}},
			"schemas": map[string]any{
				"Error": map[string]any{"type": "object", "required": []string{"error"}, "properties": map[string]any{
					"error": map[string]any{"type": "object", "required": []string{"code", "message"}, "properties": map[string]any{
						"code": map[string]any{"type": "string"}, "message": map[string]any{"type": "string"},
						"field": map[string]any{"type": "string", "description": "The invalid input field, for validation errors"}}}}},
				"Team": map[string]any{"type": "object", "required": []string{"id", "name", "municipalities", "target_groups"}, "properties": map[string]any{
					"id": map[string]any{"type": "string", "format": "uuid"}, "name": map[string]any{"type": "string"},
					"municipalities": map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
					"target_groups":  map[string]any{"type": "array", "items": map[string]any{"enum": targetGroupNames()}}}},
				"ServicePoint": servicePointOpenAPISchema(),
				"Encounter":    encounterOpenAPISchema(),
				"Me": map[string]any{"type": "object", "required": []string{"id", "email", "name", "role", "teams"}, "properties": map[string]any{
					"id": map[string]any{"type": "string", "format": "uuid"}, "email": map[string]any{"type": "string"},
					"name": map[string]any{"type": "string"}, "role": map[string]any{"enum": roleNames()},
					"teams": map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/Team"}}}},
			},
		},
		"security": []any{map[string]any{"bearer": []any{}}},
	}
}

func rolesList(a access.Action) string {
	var names []string
	for _, r := range access.RolesFor(a) {
		names = append(names, string(r))
	}
	return strings.Join(names, ", ")
}

func roleNames() []string {
	out := make([]string, len(access.Roles))
	for i, r := range access.Roles {
		out[i] = string(r)
	}
	return out
}

func targetGroupNames() []string {
	out := make([]string, len(access.TargetGroups))
	for i, g := range access.TargetGroups {
		out[i] = string(g)
	}
	return out
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	s.writeJSON(w, http.StatusOK, s.openAPIDocument())
}

// servicePointOpenAPISchema describes the service point JSON form.
func servicePointOpenAPISchema() map[string]any {
	str := map[string]any{"type": "string"}
	loc := map[string]any{"type": "object", "properties": map[string]any{"fi": str, "sv": str, "en": str}}
	strs := map[string]any{"type": "array", "items": str}
	clock := map[string]any{"type": "string", "pattern": "^([01][0-9]|2[0-4]):[0-5][0-9]$"}
	date := map[string]any{"type": "string", "format": "date"}
	dt := map[string]any{"type": []string{"string", "null"}, "format": "date-time", "readOnly": true}
	return map[string]any{"type": "object", "required": []string{"kind", "name", "municipality", "hours"}, "properties": map[string]any{
		"id":   map[string]any{"type": "string", "format": "uuid", "readOnly": true},
		"kind": map[string]any{"enum": []string{"meeting_place", "clinic", "phone", "chat", "outreach"}},
		"name": loc, "description": loc, "accessibility": loc, "organization": str, "team_id": str, "municipality": str,
		"address": map[string]any{"type": "object", "properties": map[string]any{"street": str, "postal_code": str, "city": str,
			"lat": map[string]any{"type": "number"}, "lon": map[string]any{"type": "number"}}},
		"phone": str, "target_groups": strs, "topics": strs, "staff_roles": strs, "languages": strs,
		"anonymous_ok": map[string]any{"type": "boolean"}, "free": map[string]any{"type": "boolean"},
		"no_referral_needed": map[string]any{"type": "boolean"}, "appointment_needed": map[string]any{"type": "boolean"},
		"closed_on_public_holidays": map[string]any{"type": "boolean", "default": true},
		"hours": map[string]any{"type": "array", "items": map[string]any{"type": "object", "required": []string{"days", "opens", "closes"}, "properties": map[string]any{
			"days":  map[string]any{"type": "array", "items": map[string]any{"enum": []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}}},
			"opens": clock, "closes": clock, "valid_from": date, "valid_to": date}}},
		"exceptions": map[string]any{"type": "array", "items": map[string]any{"type": "object", "required": []string{"date"}, "properties": map[string]any{
			"date": date, "closed": map[string]any{"type": "boolean"}, "opens": clock, "closes": clock, "note": loc}}},
		"open_now":     map[string]any{"type": "boolean", "readOnly": true},
		"open_until":   map[string]any{"type": "string", "format": "date-time", "readOnly": true},
		"next_opening": dt,
		"created_at":   map[string]any{"type": "string", "format": "date-time", "readOnly": true},
		"updated_at":   map[string]any{"type": "string", "format": "date-time", "readOnly": true},
	}}
}
