// Growing the log of the server under test through its API (tlogcheck's
// part that posts applications with a clerk token).
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
)

// uscc is a valid unified social credit code (GB 32100) of its own for applicant n.
func uscc(n int) string {
	const charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	weights := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	first17 := fmt.Sprintf("913301100%08d", n)
	sum := 0
	for i, w := range weights {
		sum += strings.IndexByte(charset, first17[i]) * w
	}
	return first17 + string(charset[(31-sum%31)%31])
}

// application is api.md's Annex A body with a name and USCC of its own.
func application(n int) []byte {
	sp := map[string]string{"status": "已建立并运行", "plan": "持续改进"}
	body := map[string]interface{}{
		"applicant": map[string]interface{}{
			"name": fmt.Sprintf("杭州树检直播电子商务有限公司%05d", n), "address": "浙江省杭州市余杭区文一西路998号", "uscc": uscc(n),
			"org_type": "live_service_agency", "legal_representative": "张伟",
			"contact":    map[string]string{"name": "李娜", "phone": "13800138000"},
			"founded_on": "2019-05-20", "live_business_since": "2020-03-01"},
		"business": map[string]interface{}{"scale": "中型", "service_scope": "服饰", "platforms": []string{"抖音"},
			"live_modes": []string{"video"}, "live_hours": "每日19:00-23:00", "salespersons": 12,
			"annual_turnover_cny": 52000000, "annual_live_sessions": 600},
		"quality_management": map[string]interface{}{"system": sp, "organisation": sp, "personnel": sp, "goods": sp,
			"live_information": sp, "consumer_protection": sp},
		"service_capability": map[string]interface{}{"quality": sp, "efficiency": sp, "effect": sp, "satisfaction": sp,
			"complaint_handling_rate": sp, "problem_resolution_rate": sp},
		"performance_indicators": []interface{}{map[string]string{"category": "service_quality", "name": "信息真实性",
			"target": "≥98%", "actual": "99.1%"}},
		"declarations": map[string]bool{"materials_true": true, "accepts_audit": true, "follows_rules": true,
			"continuous_improvement": true},
		"applied_on": "2026-02-28",
		"eligibility": map[string]bool{"legal_entity": true, "qms_established": true, "meets_standard": true,
			"no_major_accident_12m": true, "has_resources": true},
		"materials": []string{"application_form", "business_license", "qms_documents", "service_data",
			"satisfaction_report", "system_description", "other"},
		"scope":       "电子商务直播售货质量管理（直播营销服务）",
		"received_on": "2026-03-02",
	}
	out, err := json.Marshal(body)
	if err != nil {
		fail("%v", err)
	}
	return out
}

func post(n int) {
	req, err := http.NewRequest("POST", *baseURL+"/api/v1/applications", bytes.NewReader(application(n)))
	if err != nil {
		fail("%v", err)
	}
	req.Header.Set("Authorization", "Bearer "+*clerk)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		fail("POST an application: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		fail("POST an application: HTTP %d: %s", resp.StatusCode, body)
	}
}

// grow posts applications until the log has at least `target` events:
// one at a time near the target, in parallel while far from it.
func grow(target int64) int64 {
	for {
		size := logSize()
		missing := target - size
		if missing <= 0 {
			return size
		}
		workers := int(missing / 4)
		if workers < 1 {
			workers = 1
		}
		if workers > 8 {
			workers = 8
		}
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			posted++
			wg.Add(1)
			go func(n int) { defer wg.Done(); post(n) }(posted)
		}
		wg.Wait()
	}
}
