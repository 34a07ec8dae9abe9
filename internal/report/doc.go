// Package report owns supervision (监督): the statutory annual report on
// government information disclosure (国办公开办函〔2021〕30号) computed from
// the platform's own records, the website self-inspection (link checking
// and the checks of 秘函〔2019〕19号), the quarterly bulletin ranking the
// departments, and the registries of information officers and government
// new-media accounts. Every rule is a pure function over these types and
// the calendar; the store keeps the records and the web area shows them.
package report
