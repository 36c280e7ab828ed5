// Package packaging has no code: its tests lint the files that install
// sanafeed, which no build or test of the Go code would otherwise read:
// the Dockerfile and .dockerignore at the repository's root, and the
// systemd unit and the configs in packaging/.
package packaging
