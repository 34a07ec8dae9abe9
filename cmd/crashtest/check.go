package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/store"
)

// findings are what a read-back found wrong.
type findings struct {
	lost []string // acknowledged, absent after the restart
	torn []string // half-written: part of one transaction's rows visible
}

func (f *findings) add(o findings) {
	f.lost = append(f.lost, o.lost...)
	f.torn = append(f.torn, o.torn...)
}

// checkFOI reads every acknowledged application back through the restarted
// server's staff API: it must exist with the description it was sent with,
// and carry a confirm event if one was acknowledged.
func checkFOI(ctx context.Context, c *client, apps map[string]string, confirmed map[string]bool) (findings, error) {
	var f findings
	for number, key := range apps {
		a := c.get(ctx, "/api/v1/foi/applications/"+number)
		if a.err != nil {
			return f, a.err
		}
		if a.status == http.StatusNotFound {
			f.lost = append(f.lost, "FOI application "+number)
			if confirmed[number] {
				f.lost = append(f.lost, "confirm event of "+number)
			}
			continue
		}
		var app struct {
			Description string `json:"description"`
			Status      string `json:"status"`
			Events      []struct {
				Type string `json:"type"`
			} `json:"events"`
		}
		if a.status != http.StatusOK || json.Unmarshal(a.body, &app) != nil {
			return f, fmt.Errorf("GET /api/v1/foi/applications/%s after the restart: %s", number, a.short())
		}
		if app.Description != key {
			f.lost = append(f.lost, fmt.Sprintf("FOI application %s: description %q, sent %q", number, app.Description, key))
		}
		if !confirmed[number] {
			continue
		}
		found := false
		for _, e := range app.Events {
			found = found || e.Type == "confirm"
		}
		if !found {
			f.lost = append(f.lost, "confirm event of "+number)
		} else if app.Status == "awaiting_confirmation" {
			f.torn = append(f.torn, number+": confirm event recorded, clock still awaiting confirmation")
		}
	}
	return f, nil
}

// publicDoc is a document of the public listing.
type publicDoc struct {
	IndexNumber string `json:"index_number"`
	Title       string `json:"title"`
}

// checkDocuments reads the public listing (the projection) of the
// restarted server page by page: every acknowledged publication must be
// listed, every listed harness document must be acknowledged or have been
// in flight, and every one listed for the first time must open through the
// public document API (which reads the base tables with the public rule;
// opened, they are added to opened: for the older ones the store's
// projection check compares every row at each cycle).
func checkDocuments(ctx context.Context, c *client, published, inFlight, opened map[string]bool) (f findings, present, inFlightPresent int, err error) {
	listed := map[string]string{} // title → index number
	for page := 1; ; page++ {
		a := c.get(ctx, "/api/v1/public/documents?size=100&page="+strconv.Itoa(page))
		var list struct {
			Total int         `json:"total"`
			Items []publicDoc `json:"items"`
		}
		if a.err != nil || a.status != http.StatusOK || json.Unmarshal(a.body, &list) != nil {
			return f, 0, 0, fmt.Errorf("GET /api/v1/public/documents page %d: %s", page, a.short())
		}
		for _, d := range list.Items {
			if strings.Contains(d.Title, "crash-c") {
				listed[d.Title] = d.IndexNumber
			}
		}
		if len(list.Items) == 0 || page*100 >= list.Total {
			break
		}
	}
	for title := range published {
		if _, ok := listed[title]; !ok {
			f.lost = append(f.lost, "published document "+title)
		}
	}
	for title, index := range listed {
		present++
		switch {
		case published[title]:
		case inFlight[title]:
			inFlightPresent++
		default:
			f.torn = append(f.torn, "listed but never acknowledged nor in flight: "+title)
		}
		if opened[title] {
			continue
		}
		a := c.get(ctx, "/api/v1/public/documents/"+index)
		var d publicDoc
		switch {
		case a.err != nil:
			return f, 0, 0, a.err
		case a.status == http.StatusNotFound:
			f.torn = append(f.torn, "listed in the projection but not public: "+index+" "+title)
		case a.status != http.StatusOK || json.Unmarshal(a.body, &d) != nil:
			return f, 0, 0, fmt.Errorf("GET /api/v1/public/documents/%s: %s", index, a.short())
		case d.Title != title:
			f.torn = append(f.torn, fmt.Sprintf("%s: listed as %q, the document says %q", index, title, d.Title))
		default:
			opened[title] = true
		}
	}
	return f, present, inFlightPresent, nil
}

// checkStore opens the store the server runs on and lists what is half
// written there (store.CheckIntegrity: FOI rows and their audit events,
// sequences, documents and their events, the listing projection).
func (h *harness) checkStore(ctx context.Context) ([]string, error) {
	s, err := store.Open(ctx, h.storeURL())
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return s.CheckIntegrity(ctx)
}

// verifyAudit runs `gongkai audit verify` and returns its verdict line.
func (h *harness) verifyAudit(ctx context.Context) (string, bool) {
	out, err := h.cli(ctx, "audit", "verify")
	out = strings.TrimSpace(out)
	if err != nil {
		return strings.TrimSpace(err.Error()), false
	}
	return out, strings.Contains(out, "校验通过")
}
