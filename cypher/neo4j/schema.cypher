// Schema of the Neo4j store: run statement by statement at start-up (all idempotent).
// A unique id per label, a CJK full-text index over names and aliases, and an index on the
// provenance `doc` of every relationship type so a document's facts are found fast.

// name: unique_organization
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;

// name: unique_university
CREATE CONSTRAINT university_id IF NOT EXISTS FOR (n:University) REQUIRE n.id IS UNIQUE;

// name: unique_researchinstitute
CREATE CONSTRAINT researchinstitute_id IF NOT EXISTS FOR (n:ResearchInstitute) REQUIRE n.id IS UNIQUE;

// name: unique_enterprise
CREATE CONSTRAINT enterprise_id IF NOT EXISTS FOR (n:Enterprise) REQUIRE n.id IS UNIQUE;

// name: unique_incubator
CREATE CONSTRAINT incubator_id IF NOT EXISTS FOR (n:Incubator) REQUIRE n.id IS UNIQUE;

// name: unique_government
CREATE CONSTRAINT government_id IF NOT EXISTS FOR (n:Government) REQUIRE n.id IS UNIQUE;

// name: unique_association
CREATE CONSTRAINT association_id IF NOT EXISTS FOR (n:Association) REQUIRE n.id IS UNIQUE;

// name: unique_district
CREATE CONSTRAINT district_id IF NOT EXISTS FOR (n:District) REQUIRE n.id IS UNIQUE;

// name: unique_event
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE;

// name: unique_signingevent
CREATE CONSTRAINT signingevent_id IF NOT EXISTS FOR (n:SigningEvent) REQUIRE n.id IS UNIQUE;

// name: unique_document
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;

// name: meta_key
CREATE CONSTRAINT meta_key IF NOT EXISTS FOR (m:Meta) REQUIRE m.key IS UNIQUE;

// name: entity_names_fulltext
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS
FOR (n:Organization|District) ON EACH [n.name, n.aliasText]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};

// name: event_date
CREATE INDEX event_date IF NOT EXISTS FOR (e:Event) ON (e.date);

// name: doc_index_located_in
CREATE INDEX rel_doc_located_in IF NOT EXISTS FOR ()-[r:LOCATED_IN]-() ON (r.doc);

// name: doc_index_part_of
CREATE INDEX rel_doc_part_of IF NOT EXISTS FOR ()-[r:PART_OF]-() ON (r.doc);

// name: doc_index_party_to
CREATE INDEX rel_doc_party_to IF NOT EXISTS FOR ()-[r:PARTY_TO]-() ON (r.doc);

// name: doc_index_held_in
CREATE INDEX rel_doc_held_in IF NOT EXISTS FOR ()-[r:HELD_IN]-() ON (r.doc);

// name: doc_index_establishes
CREATE INDEX rel_doc_establishes IF NOT EXISTS FOR ()-[r:ESTABLISHES]-() ON (r.doc);

// name: doc_index_founded_by
CREATE INDEX rel_doc_founded_by IF NOT EXISTS FOR ()-[r:FOUNDED_BY]-() ON (r.doc);

// name: doc_index_branch_of
CREATE INDEX rel_doc_branch_of IF NOT EXISTS FOR ()-[r:BRANCH_OF]-() ON (r.doc);

// name: doc_index_operated_by
CREATE INDEX rel_doc_operated_by IF NOT EXISTS FOR ()-[r:OPERATED_BY]-() ON (r.doc);

// name: doc_index_collaborates_with
CREATE INDEX rel_doc_collaborates_with IF NOT EXISTS FOR ()-[r:COLLABORATES_WITH]-() ON (r.doc);

// name: doc_index_mentioned_in
CREATE INDEX rel_doc_mentioned_in IF NOT EXISTS FOR ()-[r:MENTIONED_IN]-() ON (r.doc);
