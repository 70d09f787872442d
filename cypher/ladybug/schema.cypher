// Schema of the embedded ladybug store. Ladybug has no multi-label nodes: an organisation's kind
// (University, Enterprise, ...) is the `kind` property of the Organization table, and every node
// keeps its ontology labels in `labels`. Properties outside the fixed columns travel in `extra` (JSON).

// name: organization_table
CREATE NODE TABLE IF NOT EXISTS Organization(id STRING, name STRING, aliases STRING[], kind STRING, labels STRING[], extra STRING, PRIMARY KEY(id));

// name: district_table
CREATE NODE TABLE IF NOT EXISTS District(id STRING, name STRING, aliases STRING[], level STRING, labels STRING[], extra STRING, PRIMARY KEY(id));

// name: event_table
CREATE NODE TABLE IF NOT EXISTS Event(id STRING, name STRING, kind STRING, date STRING, title STRING, labels STRING[], extra STRING, PRIMARY KEY(id));

// name: document_table
CREATE NODE TABLE IF NOT EXISTS Document(id STRING, path STRING, title STRING, date STRING, sha256 STRING, chars INT64, format STRING, fingerprint STRING, complete BOOLEAN, PRIMARY KEY(id));

// name: meta_table
CREATE NODE TABLE IF NOT EXISTS Meta(key STRING, version INT64, PRIMARY KEY(key));

// name: located_in
CREATE REL TABLE IF NOT EXISTS LOCATED_IN(FROM Organization TO District, doc STRING, evidence STRING, extractor STRING, confidence DOUBLE, role STRING, via STRING, aliases STRING[]);

// name: part_of
CREATE REL TABLE IF NOT EXISTS PART_OF(FROM District TO District, doc STRING, evidence STRING, extractor STRING, confidence DOUBLE, role STRING, via STRING, aliases STRING[]);

// name: party_to
CREATE REL TABLE IF NOT EXISTS PARTY_TO(FROM Organization TO Event, FROM District TO Event, doc STRING, evidence STRING, extractor STRING, confidence DOUBLE, role STRING, via STRING, aliases STRING[]);

// name: held_in
CREATE REL TABLE IF NOT EXISTS HELD_IN(FROM Event TO District, doc STRING, evidence STRING, extractor STRING, confidence DOUBLE, role STRING, via STRING, aliases STRING[]);

// name: establishes
CREATE REL TABLE IF NOT EXISTS ESTABLISHES(FROM Event TO Organization, FROM Event TO District, doc STRING, evidence STRING, extractor STRING, confidence DOUBLE, role STRING, via STRING, aliases STRING[]);

// name: founded_by
CREATE REL TABLE IF NOT EXISTS FOUNDED_BY(FROM Organization TO Organization, FROM Organization TO District, doc STRING, evidence STRING, extractor STRING, confidence DOUBLE, role STRING, via STRING, aliases STRING[]);

// name: branch_of
CREATE REL TABLE IF NOT EXISTS BRANCH_OF(FROM Organization TO Organization, doc STRING, evidence STRING, extractor STRING, confidence DOUBLE, role STRING, via STRING, aliases STRING[]);

// name: operated_by
CREATE REL TABLE IF NOT EXISTS OPERATED_BY(FROM Organization TO Organization, doc STRING, evidence STRING, extractor STRING, confidence DOUBLE, role STRING, via STRING, aliases STRING[]);

// name: collaborates_with
CREATE REL TABLE IF NOT EXISTS COLLABORATES_WITH(FROM Organization TO Organization, FROM Organization TO District, FROM District TO Organization, doc STRING, evidence STRING, extractor STRING, confidence DOUBLE, role STRING, via STRING, aliases STRING[]);

// name: mentioned_in
CREATE REL TABLE IF NOT EXISTS MENTIONED_IN(FROM Organization TO Document, FROM District TO Document, FROM Event TO Document, doc STRING, evidence STRING, extractor STRING, confidence DOUBLE, role STRING, via STRING, aliases STRING[]);
