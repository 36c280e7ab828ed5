package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
)

// ensureTools reports whether wrk and nginx are available, installing them
// with apt-get when missing, except in -short outside CI, where it does not
// try. Under CI=true a failed install is an error.
func ensureTools(short bool) (bool, error) {
	if have() {
		return true, nil
	}
	ci := os.Getenv("CI") == "true"
	if short && !ci {
		return false, nil
	}
	logf("installing wrk and nginx with apt-get")
	env := append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	for _, args := range [][]string{{"update"}, {"install", "-y", "--no-install-recommends", "wrk", "nginx-light"}} {
		cmd := exec.Command("apt-get", args...)
		cmd.Env, cmd.Stdout, cmd.Stderr = env, os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return false, fmt.Errorf("apt-get %s: %w", args[0], err)
		}
	}
	if !have() {
		return false, errors.New("wrk or nginx still missing after apt-get install")
	}
	return true, nil
}

// have reports whether wrk and nginx are on PATH (nginx also in /usr/sbin).
func have() bool {
	_, errW := exec.LookPath("wrk")
	return errW == nil && nginxPath() != ""
}

// nginxPath returns the nginx binary, or "" if none.
func nginxPath() string {
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
		return "/usr/sbin/nginx"
	}
	return ""
}
