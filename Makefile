# gongkai — build, demo, lint, test.
#
#   make demo    build and run the demo server on http://127.0.0.1:8080 (needs only Go)
#   make test    everything CI runs: setup, lint, all tests with PostgreSQL and Chromium
#   make lint    gofmt, go vet, staticcheck, the OpenAPI validators
#   make bench   benchmarks
#   make bench-http  the public pages under wrk against nginx (N=100000, DB=pg, MILLION=1)
#   make bench-search  gongkai's search on SQLite and PostgreSQL against Bleve (N=100000, MILLION=1, ENGINES=)
#   make crash-test  kill -9 under load, restart, read back (CYCLES=50, DB=sqlite|pg|both, SEED=)
#
# `make test` writes the raw `go test -json` stream to .test/go-test.json and
# prints a summary (internal/testsummary). EXPECT lists test-name substrings
# that must have passed, so a suite that silently skipped fails the run:
#   make test EXPECT='TestBrowsertest,TestStoreSuite/postgres'

SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := build

GO ?= go
ADDR ?= 127.0.0.1:8080
DEMO_DATA ?= ./data/demo

# Tests that must pass in `make test` (comma-separated name substrings).
EXPECT ?= TestStoreSuite/sqlite,TestStoreSuite/postgres,TestPublishSuite/sqlite,TestPublishSuite/postgres,TestWeb/sqlite,TestWeb/postgres,TestNothingLeaks/sqlite,TestNothingLeaks/postgres,TestBrowserPublishWithInterpretation,TestFOIAPI/postgres,TestFOISuite/postgres,TestFOIPagesPublic,TestFOIPagesStaff,TestNoticeRoutes,TestBrowserFOIFlow,TestFOIDashboardReminders,TestPortal,TestAdminPublish,TestLoad/postgres,TestCrashLosesNoAcknowledgedWrite/postgres,TestCrashLosesNoAcknowledgedWrite/sqlite,TestAuditVerifyDetectsTampering,TestOfficialDataMatchesCSV,TestBrowserAccessibility,TestBrowserLoginFlow,TestBrowserSysadminCreatesDepartment,TestBrowsertest,TestSummary,TestRouteRoleMatrix,TestEveryPageRenders/sqlite,TestEveryPageRenders/postgres,TestCanGolden,TestPublishButtonsAreCan,TestWebHasNoGlobalState,TestStoreReturnsDomainTypes,TestDailyJobRunsOnceAcrossInstances,TestMailRetriedThenSentOnce,TestValidateHTML,TestSchemaMatchesResponses,TestCacheFollowsEveryPublicChange/sqlite,TestCacheFollowsEveryPublicChange/postgres,TestInputLayerRefusesBadText/postgres,TestPublicPagesAreCookieFree,TestUploadRefusedBeforeItsBody,TestPublicPlans/postgres,TestPublicProjection/postgres,TestPublishDueRace/postgres,TestSetRolesRace/postgres,TestImport,TestWebStandards,TestPageCacheKeys,TestConsultEndWithoutParty,TestClientBehindTrustedProxies,TestFOIInbox/postgres,TestFOIInboxPaging/postgres,TestBrowserFOIWholePath,TestTrackSupplementAndDownloads/postgres,TestFOIOfficerScope,TestFOISettings,TestGolden,TestPDFOfEveryKind,TestFOIRegister/postgres,TestRegisterPageAndDownloads/postgres,TestBrowserRegisterPage,TestFOIFormBrowser,TestFOIFormAllErrors,TestNoticePageGETOpensNothing,TestSameHitsOnBothEngines,TestSearchSameOnBothStores,TestSearchPage/postgres,TestSearchAPI,TestSearchBounded,TestSearchFiltersAndFacets,TestSearchDashboard,TestSearchCatalogAndPages,TestBrowserSearch,TestRelevance,TestAttachmentTextSearch,TestSearchFindsAttachmentText,TestExtractAttachmentTexts,TestSiteSettingsAndFooter,TestBrowserPortalChrome,TestKioskChrome,TestGovMetaTags,TestPortalContent,TestPortalContentSuite,TestBrowserGraphicAndVideo,TestIntegrityFindsTornWrites/sqlite,TestIntegrityFindsTornWrites/postgres,TestDueOn,TestApply,TestChallenge,TestPublicText,TestSubmissionProblems,TestLights,TestLetterToPublication/postgres,TestLetterToPublication/sqlite,TestLetterDueDatesThroughAPI/postgres,TestLetterDueDatesThroughAPI/sqlite,TestLetterBadInput/postgres,TestBrowserLetterFlow,TestBrowserFAQ,TestBrowserOpenMonth,TestBrowserSolicitation,TestFAQSuite/postgres,TestHotlineSuite/postgres,TestOpenMonthSuite/postgres,TestFAQPages/postgres,TestFAQDepartmentScope,TestHotlineImport/postgres,TestOpenMonthRegistration/postgres,TestOpenMonthStaff,TestOpenMonthVote/postgres,TestParseHotline,TestFAQValidate,TestMinimumPeriods,TestSolicitationProblems,TestSolicitationFlow/postgres,TestSolicitationLifecycle/postgres,TestSolicitationBulkReply/postgres,TestSolicitationExportRows,TestSolicitationExportHasNoPersonalData,TestLettersNeverLeak/postgres,TestLetterDashboard/postgres,TestDueByDept,TestLetterInboxPaging/postgres,TestLetterStats/postgres,TestOfficerValidate,TestNoActiveOfficerWarning,TestHandoverRequiresBoth,TestNewHandoverRefuses,TestStaleAccount,TestAccountStatusChanges,TestRegistrySuite/postgres,TestRegistryOfficerPages,TestRegistryHandoverPages,TestRegistryNewMediaPages,TestRegistryNewMediaAPI,TestBrowserRegistry,TestRank,TestValidateIndicators,TestCheckFindsEachPlantedFaultAndNothingElse,TestCheckIsDeterministic,TestCheckKeepsPerHostLimitAndPageLimit,TestCheckSpacesRequestsToOneHost,TestCheckDNSFailureAndBadHome,TestCheckSiteHealthySiteHasNoFindings,TestCheckSiteFindsEachProblem,TestCheckSiteEmptySiteIsNotUpdated,TestScore,TestMergeRules,TestLinkFindings,TestCarrySince,TestCheckFindsBrokenTables,TestFiguresValidate,TestLinesFollowTheNotice,TestInspectFacts,TestInspectionHistory,TestAnnualReportSection3,TestAnnualReportSection2,TestInspectCommand,TestReportAnnualCommand,TestInspectJob,TestDemoSitePassesItsOwnInspection/postgres,TestDemoSitePassesItsOwnInspection/sqlite,TestInspectPage,TestAlerts,TestPagerStopsAtDeepest,TestBrowserEnforcement,TestCanRepair,TestCommitment,TestDecisionPages/postgres,TestDecisionRepairAndAPI/postgres,TestDecisionValidate,TestDrawChangedListIsDetected,TestDrawConflictRules,TestDrawPages/postgres,TestDrawRejectsBadInput,TestDrawReproducible,TestEnforcementPlanSuite/postgres,TestEnforcementSuite/postgres,TestLateAndLight,TestPublicPeriod,TestPublicationClocks,TestVerifyDraw,TestReportStatus,TestOrganName,TestAnnualDraftOnce/postgres,TestAnnualDraftOnce/sqlite,TestAnnualReportMatchesHistories/postgres,TestAnnualReportMatchesHistories/sqlite,TestAnnualReportTexts/postgres,TestBrowserAnnualReportPublished,TestBrowserBulletinPage,TestBulletinIndicators/postgres,TestBulletinPage/postgres,TestBulletinPlans/postgres,TestBulletinValues/postgres,TestBulletinValues/sqlite,TestInspectRoutesAndDates,TestInspectRoutesPlantedAttachment,TestInspectRules/postgres,TestInspectionFile/postgres,TestInspectionXLSX,TestMergeRulesFixWorkdays,TestPageOwners,TestTextsPlaceholders,TestSupervisePage/postgres,TestSupervisePage/sqlite,TestBrowserSupervise,TestBrowserInspect,TestAnnualReportPage,TestBrowserAnnualReportPage,TestLettersNeverLeak/sqlite

.PHONY: all setup setup-go build demo lint fmt fuzz test test-quick bench bench-http bench-search crash-test clean

all: lint test

# Debian packages (PostgreSQL, Chromium, CJK fonts, poppler) and node_modules.
setup:
	bash scripts/setup.sh

# The demo needs only Go: fetch the modules.
setup-go:
	$(GO) mod download

build:
	$(GO) build -o bin/gongkai ./cmd/gongkai

demo: setup-go build
	./bin/gongkai serve --addr $(ADDR) --data $(DEMO_DATA) --demo

lint:
	@unformatted=$$(find . -name '*.go' -not -path './node_modules/*' -not -path './.git/*' -print0 | xargs -0 -r gofmt -l); \
	if [[ -n $$unformatted ]]; then \
		echo "gofmt: these files need formatting (run: gofmt -w FILE):"; \
		echo "$$unformatted"; \
		exit 1; \
	fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	bash scripts/lint-openapi.sh

fmt:
	find . -name '*.go' -not -path './node_modules/*' -not -path './.git/*' -print0 | xargs -0 -r gofmt -w

# All tests, race detector on, against a throwaway PostgreSQL and a headless
# Chromium; a missing database or browser fails instead of skipping.
test: setup lint fuzz
	@mkdir -p .test
	$(GO) build -o .test/testsummary ./internal/testsummary
	GONGKAI_REQUIRE_BROWSER=1 GONGKAI_REQUIRE_POSTGRES=1 GONGKAI_EXPECT='$(EXPECT)' \
	bash scripts/with-postgres.sh bash -o pipefail -c \
		'$(GO) test -race -count=1 -timeout 20m -json ./... 2>&1 | tee .test/go-test.json | .test/testsummary'

# Short fuzz runs (SQLite): arbitrary paths and queries through the real
# server never answer 5xx; any search query parses or is refused with a
# message, and what parses is a valid FTS5 expression; any attachment's bytes
# give bounded text or an error. The budgets are counts of inputs, not
# durations: Go 1.26's fuzz coordinator can fail a duration-bounded run with
# a bare "context deadline exceeded" when a busy worker misses the deadline
# (golang/go#75804; no input is at fault), and counts have no deadline. Each
# count is about 10 s of work on two cores. Longer: FUZZTIME=5m (a duration,
# for all three) or more executions, e.g. FUZZTIME=1000000x.
FUZZ_WEB ?= 8000x
FUZZ_SEARCH ?= 40000x
FUZZ_EXTRACT ?= 100000x
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzPublicRequests -fuzztime $(or $(FUZZTIME),$(FUZZ_WEB)) ./internal/web
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime $(or $(FUZZTIME),$(FUZZ_SEARCH)) ./internal/search
	$(GO) test -run '^$$' -fuzz FuzzText -fuzztime $(or $(FUZZTIME),$(FUZZ_EXTRACT)) ./internal/extract

# Tests without setup, lint, race detector or PostgreSQL (those tests skip).
test-quick:
	$(GO) test ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# The public site against nginx serving the same bytes (scripts/bench-http.sh).
bench-http:
	N=$(or $(N),100000) MILLION=$(MILLION) DB=$(DB) bash scripts/bench-http.sh

# Search engines on one generated corpus (bench/cmd/searchbench, in the
# module bench/ of its own so that Bleve never enters the binary): gongkai
# on SQLite and on a throwaway PostgreSQL (scripts/with-postgres.sh), and
# Bleve v2 with its CJK analyzer. N documents (default 100,000; MILLION=1
# for 1,000,000); ENGINES=sqlite,bleve leaves PostgreSQL out. Prints one
# table and writes it to bench/results/latest.txt. Quick look: N=1000.
ENGINES ?= all
bench-search: setup
	@n=$(or $(N),100000); [[ '$(MILLION)' == 1 ]] && n=1000000; \
	run="cd bench && $(GO) run ./cmd/searchbench -n $$n -engines $(ENGINES)"; \
	if [[ '$(ENGINES)' == all || '$(ENGINES)' == *postgres* ]]; then \
		bash scripts/with-postgres.sh bash -c "$$run"' -pg "$$GONGKAI_TEST_POSTGRES"'; \
	else \
		bash -c "$$run"; \
	fi

# Crash safety (scripts/crash-test.sh, cmd/crashtest): CYCLES cycles of
# concurrent writes against a real server, each ended by kill -9 at a
# seeded random moment, then a restart on the same data and a read-back.
# Fails if an acknowledged write is lost, a transaction is half visible or
# the audit trail does not verify. Not part of `make test`.
crash-test:
	CYCLES=$(or $(CYCLES),50) DB=$(or $(DB),both) SEED=$(SEED) GO=$(GO) bash scripts/crash-test.sh

clean:
	rm -rf bin .test
