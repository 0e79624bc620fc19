// Command loadtool measures the application under load (never point it at a
// real database):
//
//	loadtool bench -bin bin/portfolio [-scale 1] [-sqlite]  # make bench: seeds, starts, drives, prints a table
//	loadtool ceiling -dsn URL|FILE -addr HOST:PORT         # the ceilings' server (bench starts it)
//	loadtool seed-projects -n 100000   # bulk projects, DATABASE_URL / PORTFOLIO_DATA_DIR like the server
//	loadtool count-rows export.xlsx
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/xuri/excelize/v2"
	"gorm.io/gorm"

	"github.com/kcyj2035/portfolio/internal/bench/ceiling"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/store"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: loadtool bench -bin PORTFOLIO [-scale N] [-sqlite] | ceiling -dsn DSN -addr ADDR | seed-projects -n N | count-rows FILE.xlsx")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "bench":
		err = bench(os.Args[2:])
	case "ceiling":
		fs := flag.NewFlagSet("ceiling", flag.ContinueOnError)
		dsn := fs.String("dsn", "", "a postgres:// URL or a SQLite file")
		addr := fs.String("addr", "127.0.0.1:0", "where to listen")
		if err = fs.Parse(os.Args[2:]); err == nil {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			err = ceiling.Serve(ctx, *dsn, *addr)
			stop()
		}
	case "seed-projects":
		err = seedProjects(os.Args[2:])
	case "count-rows":
		err = countRows(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtool:", err)
		os.Exit(1)
	}
}

func seedProjects(args []string) error {
	fs := flag.NewFlagSet("seed-projects", flag.ContinueOnError)
	n := fs.Int("n", 100000, "how many projects")
	if err := fs.Parse(args); err != nil {
		return err
	}
	dataDir := os.Getenv("PORTFOLIO_DATA_DIR")
	if dataDir == "" {
		dataDir = "./data"
	}
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, err := store.Open(ctx, store.Config{URL: os.Getenv("DATABASE_URL"), DataDir: dataDir, Logger: quiet})
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.MigrateUp(ctx); err != nil {
		return err
	}
	var leads []string
	if err := db.Gorm().Table("organizations").Where("status = 'verified' AND type IN ('enterprise','research_institute','university')").
		Pluck("id", &leads).Error; err != nil {
		return err
	}
	if len(leads) == 0 {
		return fmt.Errorf("no verified organizations: run `portfolio seed --demo` first")
	}
	fields := []string{"chips", "artificial_intelligence", "biomedicine", "marine_materials", "rare_earth_materials", "green_petrochemicals"}
	categories := []string{"strategic_collaboration", "key_technology", "ecosystem", "application_demo"}
	stages := []string{"research", "validation", "industrialization", "completed"}
	start := time.Now()
	year := time.Now().UTC().Year()
	const batch = 1000
	for done := 0; done < *n; done += batch {
		rows := make([]map[string]any, 0, batch)
		members := make([]map[string]any, 0, batch)
		now := time.Now().UTC()
		for i := done; i < done+batch && i < *n; i++ {
			id := domain.NewID()
			lead := leads[i%len(leads)]
			rows = append(rows, map[string]any{"id": id, "code": fmt.Sprintf("YJ2035-%d-L%06d", year, i), "title": fmt.Sprintf("压测项目 %06d：关键核心技术攻关", i),
				"summary": "合成数据，用于导出压测。", "category": categories[i%len(categories)], "field_id": fields[i%len(fields)],
				"lead_org_id": lead, "origin": "application", "stage": stages[i%len(stages)], "trl": 3 + i%6,
				"budget": int64(1_000_000 + (i%50)*100_000), "version": 1, "created_at": now, "updated_at": now})
			members = append(members, map[string]any{"project_id": id, "organization_id": lead, "role": "lead", "created_at": now})
		}
		err := db.Gorm().WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			if err := tx.Table("projects").Create(rows).Error; err != nil {
				return err
			}
			return tx.Table("project_members").Create(members).Error
		})
		if err != nil {
			return err
		}
	}
	fmt.Printf("inserted %d projects in %s\n", *n, time.Since(start).Round(time.Millisecond))
	return nil
}

func countRows(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: loadtool count-rows FILE.xlsx")
	}
	f, err := excelize.OpenFile(args[0])
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := f.Rows(f.GetSheetList()[0])
	if err != nil {
		return err
	}
	n := 0
	for rows.Next() {
		n++
	}
	fmt.Printf("%d rows (header included)\n", n)
	return rows.Close()
}
