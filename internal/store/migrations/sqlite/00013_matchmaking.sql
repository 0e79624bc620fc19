-- +goose Up
-- Matchmaking: the fields an organization works in (capabilities) and an
-- expert's expertise, from which challenges suggest bidders and reviewers.
CREATE TABLE organization_capabilities (
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    field_id        TEXT NOT NULL REFERENCES fields (id),
    PRIMARY KEY (organization_id, field_id)
);
CREATE INDEX organization_capabilities_field_idx ON organization_capabilities (field_id, organization_id);

CREATE TABLE user_expertise (
    user_id  TEXT NOT NULL REFERENCES users (id),
    field_id TEXT NOT NULL REFERENCES fields (id),
    PRIMARY KEY (user_id, field_id)
);
CREATE INDEX user_expertise_field_idx ON user_expertise (field_id, user_id);

-- +goose Down
DROP TABLE user_expertise;
DROP TABLE organization_capabilities;
