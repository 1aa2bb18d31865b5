// Package projectql holds the GraphQL documents ghsync sends about GitHub
// Projects (v2), once: package ghapi sends them and the fake GitHub
// (package ghfake) serves exactly these and refuses any other document, so
// a query changed on one side and not the other fails every board test
// instead of passing against a fake that answers anything.
//
// The documents are typed queries over one small helper (ghapi's graphql)
// rather than githubv4's reflection-built ones: a fixed text is what the
// fake can check strictly, what a person reads in a log, and what GitHub's
// documentation can be held against.
//
// Every document asks for rateLimit { cost remaining resetAt }, so the
// client learns the points it spends from the answer itself.
package projectql

import "strings"

// Owner is the kind of account a Project belongs to; it names the
// top-level GraphQL field the documents read it from.
type Owner string

// The two kinds of Project owner.
const (
	Organization Owner = "organization"
	User         Owner = "user"
)

// rateLimit is the selection every document ends with.
const rateLimit = "rateLimit { cost remaining resetAt }"

// Find looks a Project up by title among the owner's (query matches words
// of the title; the caller compares the titles exactly), and among the
// Projects linked to the repository (to prefer one of those when several
// have the title), and reads the ids a create needs: the owner's and the
// repository's node ids. Each list is one page of 100; hasNextPage says
// the caller saw only part of it.
func Find(o Owner) string {
	return compact(`query FindProject($owner: String!, $title: String!, $repoOwner: String!, $repoName: String!) {
  ` + string(o) + `(login: $owner) {
    id
    projectsV2(first: 100, query: $title) { pageInfo { hasNextPage } nodes { id number title closed } }
  }
  repository(owner: $repoOwner, name: $repoName) {
    id
    projectsV2(first: 100, query: $title) { pageInfo { hasNextPage } nodes { number owner { id } } }
  }
  ` + rateLimit + `
}`)
}

// FindOwner reads the owner's and the repository's node ids, for a board
// named by number: nothing is looked up by title then.
func FindOwner(o Owner) string {
	return compact(`query FindOwner($owner: String!, $repoOwner: String!, $repoName: String!) {
  ` + string(o) + `(login: $owner) { id }
  repository(owner: $repoOwner, name: $repoName) { id }
  ` + rateLimit + `
}`)
}

// fieldSelection is what ghsync reads of a field: the same when it reads
// the Project and when it makes a field.
const fieldSelection = `... on ProjectV2Field { id databaseId name dataType }
  ... on ProjectV2SingleSelectField { id databaseId name dataType options { id name } }
  ... on ProjectV2IterationField { id databaseId name dataType configuration { duration startDay iterations { id title startDate duration } completedIterations { id title startDate duration } } }`

// Board reads one Project by number: its fields (with single-select
// options and iteration configuration), one page of 100 items with their
// field values, its linked repositories, and its newest 100 status
// updates (ghsync's own last one among them is what it compares with).
// Items and issues are read by fullDatabaseId (a BigInt, sent as a JSON
// string): issue ids are past 2^31, where GraphQL's Int databaseId ends.
// Fields, values and repositories are one page of 100 each (GitHub allows
// 50 fields a Project); each asks hasNextPage, so a longer list is an
// error rather than a short read.
func Board(o Owner) string {
	return compact(`query ReadProject($owner: String!, $number: Int!, $cursor: String) {
  ` + string(o) + `(login: $owner) {
    id
    projectV2(number: $number) {
      id number title url closed
      fields(first: 100) { pageInfo { hasNextPage } nodes { ` + fieldSelection + ` } }
      items(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id fullDatabaseId isArchived
          content { __typename ... on Issue { number fullDatabaseId repository { nameWithOwner } } }
          fieldValues(first: 100) { pageInfo { hasNextPage } nodes {
            __typename
            ... on ProjectV2ItemFieldTextValue { text field { ... on ProjectV2FieldCommon { id } } }
            ... on ProjectV2ItemFieldNumberValue { number field { ... on ProjectV2FieldCommon { id } } }
            ... on ProjectV2ItemFieldDateValue { date field { ... on ProjectV2FieldCommon { id } } }
            ... on ProjectV2ItemFieldSingleSelectValue { optionId name field { ... on ProjectV2FieldCommon { id } } }
            ... on ProjectV2ItemFieldIterationValue { iterationId title field { ... on ProjectV2FieldCommon { id } } }
          } }
        }
      }
      repositories(first: 100) { pageInfo { hasNextPage } nodes { id nameWithOwner } }
      statusUpdates(first: 100, orderBy: {field: CREATED_AT, direction: DESC}) { pageInfo { hasNextPage } nodes { id status body createdAt } }
    }
  }
  ` + rateLimit + `
}`)
}

// CreateProject makes a Project (GraphQL only: REST cannot create one),
// linked to the repository at once by repositoryId.
var CreateProject = compact(`mutation CreateProject($input: CreateProjectV2Input!) {
  createProjectV2(input: $input) { projectV2 { id number title url } }
  ` + rateLimit + `
}`)

// LinkRepository links a Project to a repository.
var LinkRepository = compact(`mutation LinkProject($input: LinkProjectV2ToRepositoryInput!) {
  linkProjectV2ToRepository(input: $input) { repository { id } }
  ` + rateLimit + `
}`)

// CreateField adds a field to a Project.
var CreateField = compact(`mutation CreateProjectField($input: CreateProjectV2FieldInput!) {
  createProjectV2Field(input: $input) { projectV2Field { ` + fieldSelection + ` } }
  ` + rateLimit + `
}`)

// ArchiveItem archives an item (the Projects REST API's item PATCH sets
// field values only).
var ArchiveItem = compact(`mutation ArchiveProjectItem($input: ArchiveProjectV2ItemInput!) {
  archiveProjectV2Item(input: $input) { item { id } }
  ` + rateLimit + `
}`)

// UnarchiveItem restores an archived item: ghsync's own archive of a
// blocker's item, once the blocker is back in the catalog.
var UnarchiveItem = compact(`mutation UnarchiveProjectItem($input: UnarchiveProjectV2ItemInput!) {
  unarchiveProjectV2Item(input: $input) { item { id } }
  ` + rateLimit + `
}`)

// CreateStatusUpdate posts a status update on a Project.
var CreateStatusUpdate = compact(`mutation CreateProjectStatusUpdate($input: CreateProjectV2StatusUpdateInput!) {
  createProjectV2StatusUpdate(input: $input) { statusUpdate { id status body } }
  ` + rateLimit + `
}`)

// IsQuery reports whether doc is a query (a read) rather than a mutation:
// ghapi's read-only mode and its counts go by it.
func IsQuery(doc string) bool {
	d := strings.TrimSpace(doc)
	return (strings.HasPrefix(d, "query ") || strings.HasPrefix(d, "query(") || strings.HasPrefix(d, "{")) &&
		!strings.Contains(d, "mutation")
}

// compact folds a document's lines into one, so the text sent (and logged)
// is short and the fake compares exactly what was sent.
func compact(doc string) string {
	fields := strings.Fields(doc)
	return strings.Join(fields, " ")
}
